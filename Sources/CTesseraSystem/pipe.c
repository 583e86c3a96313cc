#define _GNU_SOURCE
#include "CTesseraSystem.h"
#include <fcntl.h>
#include <unistd.h>

int tessera_pipe2(int fds[2], int flags) {
    return pipe2(fds, flags);
}
