# SPDX-License-Identifier: Apache-2.0
target_sources(lumen_pure PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/crc32c.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lane_schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/line_code.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_params.cpp
)
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/link_channel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_channel_log.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_faults.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_receiver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_transmitter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/microled_link.cpp
)
