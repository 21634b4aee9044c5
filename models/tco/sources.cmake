# SPDX-License-Identifier: Apache-2.0
# Cost of ownership and reliability: plain arithmetic over a topology's link
# counts, so tools and tests use it without SystemC.
target_sources(lumen_pure PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/technologies.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tco.cpp
)
