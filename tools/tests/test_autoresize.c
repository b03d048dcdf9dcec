// SPDX-License-Identifier: GPL-2.0-only
/*
 * daemon/autoresize.c: a path disk's change event grows its map only once
 * every path of the map reports the same larger size (fake sysfs: sdb
 * 8:16, sdc 8:32; a map "m" of 2097152 sectors over both).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/autoresize.h"
#include "fakefs.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "unit.h"

#define PCI	"devices/pci0000:00/0000:00:05.0/host0/target0:0:0/"
#define SDB	PCI "0:0:0:0/block/sdb/"
#define SDC	PCI "0:0:0:1/block/sdc/"
#define TABLE	"0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 "

static char reloaded[256];
static int reload_fails;

static int get_map(const char *name, int with_status, struct mpdm_map *map,
		   char *err, size_t errlen)
{
	(void)with_status;
	(void)err;
	(void)errlen;
	memset(map, 0, sizeof(*map));
	snprintf(map->name, sizeof(map->name), "%s", name);
	map->sectors = 2097152;
	map->table = strdup(TABLE);
	return map->table ? 0 : MPDM_ERR;
}

static int reload(const char *name, unsigned long long sectors,
		  const char *params, char *err, size_t errlen)
{
	snprintf(reloaded, sizeof(reloaded), "%s 0 %llu %s", name, sectors,
		 params);
	if (reload_fails)
		snprintf(err, errlen, "reload ioctl failed");
	return reload_fails ? MPDM_ERR : 0;
}

static const struct monitor_dm dm = { .get_map = get_map, .reload = reload };

static void sizes(const char *b, const char *c)
{
	fakefs_puts(fake_sysfs, SDB "size", b);
	fakefs_puts(fake_sysfs, SDC "size", c);
}

static int changed(const char *disk, char **log)
{
	struct monitor_path paths[2] = {
		{ .map = "m", .major = 8, .minor = 16, .dev = "sdb",
		  .kstate = 'A' },
		{ .map = "m", .major = 8, .minor = 32, .dev = "sdc",
		  .kstate = 'F' },
	};
	struct monitor m;
	size_t len = 0;
	int r;

	memset(&m, 0, sizeof(m));
	m.dm = &dm;
	m.sysfs = fake_sysfs;
	m.paths = paths;
	m.nr = 2;
	m.log = open_memstream(log, &len);
	r = autoresize_changed(&m, disk);
	fclose(m.log);
	return r;
}

static void grows_when_all_agree(void **state)
{
	char *log = NULL;

	(void)state;
	reloaded[0] = '\0';
	reload_fails = 0;
	/* Only sdb has grown: wait. */
	sizes("4194304\n", "2097152\n");
	CHECK(changed("sdb", &log) == 0 && !reloaded[0] &&
	      strstr(log, "m: not resized yet: paths differ in size"),
	      "log: %s", log);
	free(log);
	/* Both: the map grows, its table unchanged. */
	sizes("4194304\n", "4194304\n");
	CHECK(changed("sdc", &log) == 1 &&
	      !strcmp(reloaded, "m 0 4194304 " TABLE) &&
	      strstr(log, "m: resized, 2097152 -> 4194304 sectors"),
	      "reloaded '%s', log: %s", reloaded, log);
	free(log);
	/* A refused reload is logged. */
	reload_fails = 1;
	CHECK(changed("sdb", &log) == -1 && strstr(log, "not resized to"
						      " 4194304 sectors: reload"),
	      "log: %s", log);
	free(log);
	sizes("2097152\n", "2097152\n");
}

static void nothing_to_do(void **state)
{
	char *log = NULL;

	(void)state;
	reloaded[0] = '\0';
	sizes("2097152\n", "2097152\n");
	CHECK(changed("sdb", &log) == 0 && !reloaded[0] && !log[0],
	      "same size: '%s' %s", reloaded, log);
	free(log);
	/* Not a path of any map. */
	CHECK(changed("sdz", &log) == 0 && !reloaded[0], "sdz");
	free(log);
	/* Smaller than the map (a LUN shrunk): never a reload. */
	sizes("1048576\n", "1048576\n");
	CHECK(changed("sdb", &log) == 0 && !reloaded[0] &&
	      strstr(log, "fewer than the map's"), "smaller: %s", log);
	free(log);
	sizes("2097152\n", "2097152\n");
}

void autoresize_tests(void)
{
	unit_case("tools/autoresize/grows_when_all_agree",
		  grows_when_all_agree, NULL);
	unit_case("tools/autoresize/nothing_to_do", nothing_to_do, NULL);
}
