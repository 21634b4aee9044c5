// SPDX-License-Identifier: Apache-2.0
// The switch.* config keys and their translation into switch_params. Each
// key is declared once, here, with the default of the switch_params field it
// fills; a fabric's levels.<level>.switch.<key> overrides use the same
// declarations.
#pragma once

#include "models/core/config.h"
#include "models/switch/packet_switch.h"

namespace lumen {

void declare_switch_keys(config_schema& schema);
switch_params switch_params_from(const config& c);

} // namespace lumen
