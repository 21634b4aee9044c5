# SPDX-License-Identifier: Apache-2.0
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/backing_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/block_checksum.cpp
  ${CMAKE_CURRENT_LIST_DIR}/duplicate_filter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gpu.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory_port.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plane_merger.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plane_splitter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plane_splitter_recovery.cpp
  ${CMAKE_CURRENT_LIST_DIR}/traffic_engine.cpp
)
