/* SPDX-License-Identifier: GPL-3.0-or-later */
/* iot_file_read_all: a missing file is no file, not an error; a small file under a huge cap
 * costs its size in memory, not the cap; a file over the cap is refused; a file without a size
 * (a pipe) is read whole through a growing buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "iotsec-common.h"

#include <sys/wait.h>
#include <unistd.h>

#include "util/util-file.h"
#include "util/util-mem.h"

static void test_read_all(void **state)
{
    (void)state;
    char path[] = "/tmp/iotsec-readall-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "0123456789", 10), 10);
    close(fd);
    char *buf = NULL, err[256];
    size_t len = 0;
    uint64_t before = iot_mem_in_use();
    assert_int_equal(iot_file_read_all(path, 256u << 20, &buf, &len, err, sizeof(err)), IOT_OK);
    assert_int_equal(len, 10);
    assert_string_equal(buf, "0123456789");
    assert_true(iot_mem_in_use() - before < 4096); /* not the 256 MiB cap */
    iot_free(buf);
    assert_int_equal(iot_file_read_all(path, 9, &buf, &len, err, sizeof(err)), IOT_ERR_INPUT);
    assert_null(buf);
    assert_non_null(strstr(err, "larger than 9 bytes"));
    assert_int_equal(iot_file_read_all(path, 10, &buf, &len, err, sizeof(err)), IOT_OK);
    iot_free(buf);
    unlink(path);
    assert_int_equal(iot_file_read_all(path, 10, &buf, &len, err, sizeof(err)), IOT_OK);
    assert_null(buf); /* missing: no file */

    /* A pipe has no size: 100,000 bytes through the growing buffer. */
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    if (pid == 0) {
        static char chunk[1000];
        memset(chunk, 'x', sizeof(chunk));
        for (int i = 0; i < 100; i++)
            if (write(p[1], chunk, sizeof(chunk)) != (ssize_t)sizeof(chunk))
                _exit(1);
        _exit(0);
    }
    close(p[1]);
    char dev[64];
    snprintf(dev, sizeof(dev), "/proc/self/fd/%d", p[0]);
    assert_int_equal(iot_file_read_all(dev, 1 << 20, &buf, &len, err, sizeof(err)), IOT_OK);
    assert_int_equal(len, 100000);
    assert_int_equal(strspn(buf, "x"), 100000);
    iot_free(buf);
    close(p[0]);
    int status = 1;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_int_equal(status, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
