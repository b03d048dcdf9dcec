// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-tests BIN DKMS_CONF: every suite, one line per case on stdout
 * (see runner.h); exit status 1 if any case failed. BIN is the built
 * mpath2ctl, DKMS_CONF the file its version must come from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner.h"

const char *fake_sysfs;

#define PCI	"../../devices/pci0000:00/0000:00:05.0/host0/target0:0:0/"

/* dev/block links as the kernel makes them, names from the links' ends. */
static const char *const links[][2] = {
	{ "253:3", "../../devices/virtual/block/dm-3" },
	{ "8:16", PCI "0:0:0:0/block/sdb" },
	{ "8:17", PCI "0:0:0:0/block/sdb/sdb1" },
	{ "8:32", PCI "0:0:0:1/block/sdc" },
};

#define NR_LINKS ARRAY_SIZE(links)

static char root[] = "/tmp/mpath2ctl-sysfs.XXXXXX";

static void path_of(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", root, rel);
}

static int make_sysfs(void)
{
	char p[256], rel[64];
	size_t i;

	if (!mkdtemp(root))
		return -1;
	path_of(p, sizeof(p), "dev");
	if (mkdir(p, 0755))
		return -1;
	path_of(p, sizeof(p), "dev/block");
	if (mkdir(p, 0755))
		return -1;
	for (i = 0; i < NR_LINKS; i++) {
		snprintf(rel, sizeof(rel), "dev/block/%s", links[i][0]);
		path_of(p, sizeof(p), rel);
		if (symlink(links[i][1], p))
			return -1;
	}
	fake_sysfs = root;
	return 0;
}

static void remove_sysfs(void)
{
	char p[256], rel[64];
	size_t i;

	for (i = 0; i < NR_LINKS; i++) {
		snprintf(rel, sizeof(rel), "dev/block/%s", links[i][0]);
		path_of(p, sizeof(p), rel);
		unlink(p);
	}
	path_of(p, sizeof(p), "dev/block");
	rmdir(p);
	path_of(p, sizeof(p), "dev");
	rmdir(p);
	rmdir(root);
}

int main(int argc, char **argv)
{
	int ok = make_sysfs() == 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s MPATH2CTL DKMS_CONF\n", argv[0]);
		return 2;
	}
	if (!ok) {
		perror("run-tests: cannot make a fake sysfs");
		printf("FAIL tools/setup: cannot make a fake sysfs under /tmp\n");
		remove_sysfs();
		return 1;
	}
	status_tests();
	validate_tests();
	show_tests();
	cli_tests(argv[1], argv[2]);
	remove_sysfs();
	fprintf(stderr, "tools: %d case(s) failed\n", failed_cases());
	return failed_cases() ? 1 : 0;
}
