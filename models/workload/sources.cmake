# SPDX-License-Identifier: Apache-2.0
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chakra_buffers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chakra_engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chakra_plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collective_engine.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collective_program.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collective_sweep.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collective_workload.cpp
  ${CMAKE_CURRENT_LIST_DIR}/llm_step.cpp
  ${CMAKE_CURRENT_LIST_DIR}/step_breakdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/traffic_pattern.cpp
)
