// SPDX-License-Identifier: Apache-2.0
// Command lines as a POSIX shell reads them: a point's command is written for
// a shell (a batch script, --print-commands) and --slurm-args is given as one
// string the way a user types it after sbatch.
#pragma once

#include <string>
#include <vector>

namespace lumen::tools {

// One word, quoted only when the shell would otherwise split or expand it.
std::string shell_quote(const std::string& word);

// The words joined into one command line a shell runs as given.
std::string shell_command(const std::vector<std::string>& words);

// Splits text into words at blanks, honouring '...', "..." and backslash as a
// shell does (no expansion). Throws usage_error naming what on an unclosed quote.
std::vector<std::string> split_shell_words(const std::string& text, const std::string& what);

} // namespace lumen::tools
