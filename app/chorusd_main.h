#pragma once

namespace chorus::app {

// The whole of chorusd behind main(): returns the process exit status
// (0 clean stop, 1 runtime failure, 2 bad usage or config).
int ChorusdMain(int argc, char** argv);

}  // namespace chorus::app
