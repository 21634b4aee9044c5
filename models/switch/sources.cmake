# SPDX-License-Identifier: Apache-2.0
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/arbiter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/packet_switch.cpp
  ${CMAKE_CURRENT_LIST_DIR}/switch_crossbar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/switch_input_buffers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/switch_output_ports.cpp
  ${CMAKE_CURRENT_LIST_DIR}/switch_registers.cpp
)
