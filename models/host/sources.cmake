# SPDX-License-Identifier: Apache-2.0
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/control_bus.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_cpu.cpp
)
