// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-tests BIN DKMS_CONF: every suite on cmocka (see unit.h); exit
 * status 1 if any case failed. BIN is the built
 * mpath2ctl, DKMS_CONF the file its version must come from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakefs.h"
#include "fake_daemon_sys.h"
#include "fake_mpdm.h"
#include "fake_mon.h"
#include "fake_scsi_io.h"
#include "fake_udev.h"
#include "unit.h"

const char *fake_sysfs;
const char *cli_bin, *cli_dkms_conf;

#define PCI	"devices/pci0000:00/0000:00:05.0/host0/target0:0:0/"

/*
 * dev/block links as the kernel makes them, names from the links' ends,
 * and under the disks the files create reads: size, logical block size.
 *   8:16 sdb, 8:32 sdc   1 GiB, 512-byte blocks (the paths of one LUN)
 *   8:17 sdb1            a partition: its block size is sdb's
 *   8:64 sde             2 GiB;  8:80 sdf  1 GiB, 4096-byte blocks
 *   8:96 sdg             size 0; 8:112     no size file
 *   8:128 sdi            1 GiB, 512, another LUN
 * and VPD pages 0x83: sdb and sdc one NAA (the same LUN), sdi an
 * EUI-64, sdg a page cut short.
 */
static const char *const links[][2] = {
	{ "253:3", "../../devices/virtual/block/dm-3" },
	{ "8:16", "../../" PCI "0:0:0:0/block/sdb" },
	{ "8:17", "../../" PCI "0:0:0:0/block/sdb/sdb1" },
	{ "8:32", "../../" PCI "0:0:0:1/block/sdc" },
	{ "8:64", "../../" PCI "0:0:0:3/block/sde" },
	{ "8:80", "../../" PCI "0:0:0:4/block/sdf" },
	{ "8:96", "../../" PCI "0:0:0:5/block/sdg" },
	{ "8:112", "../../" PCI "0:0:0:6/block/sdh" },
	{ "8:128", "../../" PCI "0:0:0:7/block/sdi" },
};

static const char *const files[][2] = {
	{ PCI "0:0:0:0/block/sdb/size", "2097152\n" },
	{ PCI "0:0:0:0/block/sdb/queue/logical_block_size", "512\n" },
	{ PCI "0:0:0:0/block/sdb/sdb1/size", "2095104\n" },
	{ PCI "0:0:0:1/block/sdc/size", "2097152\n" },
	{ PCI "0:0:0:1/block/sdc/queue/logical_block_size", "512\n" },
	{ PCI "0:0:0:3/block/sde/size", "4194304\n" },
	{ PCI "0:0:0:3/block/sde/queue/logical_block_size", "512\n" },
	{ PCI "0:0:0:4/block/sdf/size", "2097152\n" },
	{ PCI "0:0:0:4/block/sdf/queue/logical_block_size", "4096\n" },
	{ PCI "0:0:0:5/block/sdg/size", "0\n" },
	{ PCI "0:0:0:5/block/sdg/queue/logical_block_size", "512\n" },
	{ PCI "0:0:0:6/block/sdh/queue/logical_block_size", "512\n" },
	{ PCI "0:0:0:7/block/sdi/size", "2097152\n" },
	{ PCI "0:0:0:7/block/sdi/queue/logical_block_size", "512\n" },
};

/* NAA 6 36001405a1b2c3d4e5f60718293a4b5c6, and a relative port id. */
static const unsigned char naa_page[] = {
	0x00, 0x83, 0x00, 0x1c,
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e,
	0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6,
	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,
};
/* EUI-64 20025385a71b001ff. */
static const unsigned char eui_page[] = {
	0x00, 0x83, 0x00, 0x0c,
	0x01, 0x02, 0x00, 0x08, 0x00, 0x25, 0x38, 0x5a, 0x71, 0xb0, 0x01, 0xff,
};

static const struct {
	const char *rel;
	const unsigned char *page;
	size_t len;
} pages[] = {
	{ PCI "0:0:0:0/block/sdb/device/vpd_pg83", naa_page, sizeof(naa_page) },
	{ PCI "0:0:0:1/block/sdc/device/vpd_pg83", naa_page, sizeof(naa_page) },
	{ PCI "0:0:0:7/block/sdi/device/vpd_pg83", eui_page, sizeof(eui_page) },
	{ PCI "0:0:0:5/block/sdg/device/vpd_pg83", naa_page, 12 },
};

static char root[] = "/tmp/mpath2ctl-sysfs.XXXXXX";

static int make_sysfs(void)
{
	char rel[64];
	size_t i;

	if (fakefs_new(root))
		return -1;
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		snprintf(rel, sizeof(rel), "dev/block/%s", links[i][0]);
		if (fakefs_link(root, rel, links[i][1]))
			return -1;
	}
	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (fakefs_puts(root, files[i][0], files[i][1]))
			return -1;
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		if (fakefs_write(root, pages[i].rel, pages[i].page, pages[i].len))
			return -1;
	fake_sysfs = root;
	return 0;
}

static void remove_sysfs(void)
{
	fakefs_remove(root);
}

static const struct unit_suite suites[] = {
	{ "tools/status", status_tests, NULL },
	{ "tools/validate", validate_tests, NULL },
	{ "tools/show", show_tests, NULL },
	{ "tools/table", table_tests, NULL },
	{ "tools/vpd", vpd_tests, NULL },
	{ "tools/discover", discover_tests, NULL },
	{ "tools/claim", claim_tests, claim_reset },
	{ "tools/tur", tur_tests, NULL },
	{ "tools/config", config_tests, NULL },
	{ "tools/confrobust", confrobust_tests, NULL },
	{ "tools/daemon", daemon_tests, daemon_reset },
	{ "tools/showjson", showjson_tests, NULL },
	{ "tools/group", group_tests, NULL },
	{ "tools/kprio", kprio_tests, NULL },
	{ "tools/regroup", regroup_tests, NULL },
	{ "tools/directio", directio_tests, directio_reset },
	{ "tools/checker", checker_tests, checker_reset },
	{ "tools/reconfigure", reconfigure_tests, NULL },
	{ "tools/maplock", maplock_tests, NULL },
	{ "tools/metrics", metrics_tests, NULL },
	{ "tools/top", top_tests, NULL },
	{ "tools/cli", cli_tests, NULL },
	{ "tools/pr", pr_tests, pr_suite_reset },
	{ "tools/prkey", prkey_tests, pr_suite_reset },
	{ "tools/prkeys", prkeys_tests, pr_suite_reset },
	{ "tools/autoresize", autoresize_tests, NULL },
	{ "tools/shutdown", shutdown_tests, NULL },
};

/* Before every case: the fakes as a fresh process would have them. */
static void reset_fakes(void)
{
	fake_dm_reset();
	fake_sgio_reset();
	fake_daemon_sys_reset();
	fake_mon_reset();
	fake_udev_reset();
}

int main(int argc, char **argv)
{
	char run_dir[sizeof(root) + 8];
	int r;

	if (argc != 3) {
		fprintf(stderr, "usage: %s MPATH2CTL DKMS_CONF\n", argv[0]);
		return 2;
	}
	cli_bin = argv[1];
	cli_dkms_conf = argv[2];
	if (make_sysfs()) {
		perror("run-tests: cannot make a fake sysfs");
		printf("[  FAILED  ] tools/setup: cannot make a fake sysfs under /tmp\n");
		remove_sysfs();
		return 1;
	}
	/* The map locks (lib/maplock.h) of the commands run: in here. */
	snprintf(run_dir, sizeof(run_dir), "%s/run", root);
	setenv("MPATH2_RUN_DIR", run_dir, 1);
	r = unit_main(suites, ARRAY_SIZE(suites), reset_fakes);
	remove_sysfs();
	return r;
}
