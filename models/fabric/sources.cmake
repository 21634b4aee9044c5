# SPDX-License-Identifier: Apache-2.0
# The topology layer is plain C++: the tools and tests use it without SystemC.
target_sources(lumen_pure PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/bisection.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/topology.cpp
  ${CMAKE_CURRENT_LIST_DIR}/topology_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/topology_generators.cpp
)
# The builder elaborates a topology into SystemC modules.
target_sources(lumen_models PRIVATE ${CMAKE_CURRENT_LIST_DIR}/fabric_builder.cpp)
