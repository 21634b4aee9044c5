# SPDX-License-Identifier: Apache-2.0
# Presets are plain data over the config: the tools read them without SystemC.
# So are the link's keys and faults: the fuzz targets read them without SystemC.
target_sources(lumen_pure PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/presets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_config.cpp
)
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/model_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/platform_main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/results.cpp
  ${CMAKE_CURRENT_LIST_DIR}/summary_tables.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sim_runner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/p2p.cpp
)
target_sources(lumen_models PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/chakra_workload.cpp
  ${CMAKE_CURRENT_LIST_DIR}/collective_sizes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/data_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fabric_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fabric_platform.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fabric_run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/llm_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pod.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pod_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recovery_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/recovery_report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/switch_config.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workload_config.cpp
)
