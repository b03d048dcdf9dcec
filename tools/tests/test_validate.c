// SPDX-License-Identifier: GPL-2.0-only
/* Tests of validate.c on its own; test_cli.c covers it through the CLI. */
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "unit.h"
#include "lib/validate.h"

static void name_bounds(void **state)
{
	char name[MAP_NAME_MAX + 2], err[256];

	(void)state;
	memset(name, 'a', sizeof(name) - 1);
	name[MAP_NAME_MAX] = '\0';
	CHECK(!validate_map_name(name, err, sizeof(err)), "127 chars refused: %s", err);
	name[MAP_NAME_MAX] = 'a';
	name[MAP_NAME_MAX + 1] = '\0';
	CHECK(validate_map_name(name, err, sizeof(err)), "128 chars accepted");
	CHECK(validate_map_name("", err, sizeof(err)), "empty name accepted");
	CHECK(validate_map_name("a/b", err, sizeof(err)), "'/' accepted");
	CHECK(validate_map_name("a\tb", err, sizeof(err)), "tab accepted");
	CHECK(validate_map_name(".", err, sizeof(err)) &&
	      strstr(err, "reserved"), "'.' accepted");
	CHECK(validate_map_name("..", err, sizeof(err)), "'..' accepted");
	CHECK(validate_map_name("control", err, sizeof(err)) &&
	      strstr(err, "/dev/mapper/control"), "'control' accepted");
	CHECK(!validate_map_name("...", err, sizeof(err)) &&
	      !validate_map_name("controller", err, sizeof(err)),
	      "'...' or 'controller' refused: %s", err);
	CHECK(!validate_map_name("mpath2-3600a0b80-x.y_z", err, sizeof(err)),
	      "ordinary name refused: %s", err);
}

/* The stat() half with a made-up struct stat: no device node needed. */
static void stat_to_devnum(void **state)
{
	struct stat st = { 0 };
	unsigned int major, minor;
	char err[256];

	(void)state;
	st.st_mode = S_IFBLK | 0660;
	st.st_rdev = makedev(65, 1040);
	CHECK(!validate_devnum("/dev/sdaq", &st, &major, &minor, err,
				sizeof(err)), "block device refused: %s", err);
	CHECK(major == 65 && minor == 1040, "got %u:%u", major, minor);
	st.st_mode = S_IFCHR | 0666;
	CHECK(validate_devnum("/dev/x", &st, &major, &minor, err, sizeof(err)),
	      "character device accepted");
	CHECK(strstr(err, "not a block device"), "reason '%s'", err);
	st.st_mode = S_IFREG | 0644;
	CHECK(validate_devnum("/dev/x", &st, &major, &minor, err, sizeof(err)),
	      "regular file accepted");
}

static void printable_quotes(void **state)
{
	char buf[48];

	(void)state;
	CHECK(!strcmp(validate_printable("a\nb\x1b[0m", buf, sizeof(buf)), "a?b?[0m"),
	      "got '%s'", buf);
	validate_printable("0123456789012345678901234567890123456789tail", buf, sizeof(buf));
	CHECK(strlen(buf) == 40, "not cut at 40: '%s'", buf);
}

void validate_tests(void)
{
	unit_case("tools/validate/name_bounds", name_bounds, NULL);
	unit_case("tools/validate/stat_to_devnum", stat_to_devnum, NULL);
	unit_case("tools/validate/printable_quotes", printable_quotes, NULL);
}
