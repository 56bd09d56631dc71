#include "cli/app.hpp"

int main(int argc, char** argv) {
    return wiredump::cli::run_process(argc, argv);
}
