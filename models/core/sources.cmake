# SPDX-License-Identifier: Apache-2.0
target_sources(lumen_pure PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/config_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/config_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gtkw.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stats.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random.cpp
)
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/calendar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/log.cpp
  ${CMAKE_CURRENT_LIST_DIR}/payload_pool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tracer.cpp
)
