// chorusd: parse the command line, load the config, wire the services, run.

#include "app/chorusd_main.h"

int main(int argc, char** argv) { return chorus::app::ChorusdMain(argc, argv); }
