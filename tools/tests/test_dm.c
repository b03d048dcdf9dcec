// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-dm-tests: dm.c against libdm_mock.c. Checks what dm.c makes of
 * libdevmapper's answers (missing map, wrong target, errors and their
 * log lines, the list walk), and that every task it creates is destroyed.
 */
#include <errno.h>
#include <string.h>

#include "dm.h"
#include "libdm_mock.h"
#include "runner.h"

const char *fake_sysfs;		/* runner.h's; unused here */

#define RR_TABLE	"2 queue_mode bio 0 1 1 round-robin 0 1 1 8:16 1 "
#define RR_STATUS	"2 0 0 0 1 1 A 0 1 0 8:16 A 0 "

static const struct mock_map maps[] = {
	{ "mpathb", { "mpath2" }, RR_TABLE, RR_STATUS, 7, 1, 0, 0 },
	{ "linear0", { "linear" }, "8:16 0", "", 1, 0, 0, 0 },
	{ "mpatha", { "mpath2" }, RR_TABLE, RR_STATUS, 3, 0, 0, 0 },
	{ "empty", { NULL }, NULL, NULL, 4, 0, 0, 0 },
	{ "two", { "mpath2", "mpath2" }, RR_TABLE, RR_STATUS, 5, 0, 0, 0 },
	{ "busy", { "mpath2" }, RR_TABLE, RR_STATUS, 6, 0, 0, 0 },
	{ "refuser", { "mpath2" }, RR_TABLE, RR_STATUS, 8, 0, 0, 0 },
	{ "vanishing", { "mpath2" }, RR_TABLE, RR_STATUS, 9, 0, 0, 1 },
	{ NULL, { NULL }, NULL, NULL, 0, 0, 0, 0 },
};

/* A map whose every ioctl fails, among readable ones. */
static const struct mock_map denied_maps[] = {
	{ "mpatha", { "mpath2" }, RR_TABLE, RR_STATUS, 3, 0, 0, 0 },
	{ "denied", { "mpath2" }, RR_TABLE, RR_STATUS, 10, 0, EACCES, 0 },
	{ NULL, { NULL }, NULL, NULL, 0, 0, 0, 0 },
};

static const struct mock_map no_maps[] = { { NULL, { NULL }, NULL, NULL, 0, 0, 0, 0 } };

struct get_case {
	const char *name;	/* the map */
	int with_status;
	int r;			/* expected return */
	const char *err;	/* expected reason; NULL on success */
};

static const struct get_case get_cases[] = {
	{ "mpathb", 1, 0, NULL },
	{ "mpatha", 0, 0, NULL },
	{ "nosuch", 1, MPDM_NOMAP, "nosuch: no such map" },
	{ "linear0", 1, MPDM_NOTOURS, "linear0: not an mpath2 map (linear)" },
	{ "empty", 0, MPDM_NOTOURS, "empty: not an mpath2 map (no table loaded)" },
	{ "two", 0, MPDM_NOTOURS, "two: not an mpath2 map (more than one target)" },
	{ "vanishing", 1, MPDM_NOMAP, "vanishing: no such map" },
	{ "denied", 0, MPDM_ERR,
	  "device-mapper: table ioctl on denied  failed: Permission denied" },
};

static int get_case(const void *arg, char *why, size_t len)
{
	const struct get_case *c = arg;
	struct mpdm_map map;
	char err[256] = "";
	int r;

	mock_maps = strcmp(c->name, "denied") ? maps : denied_maps;
	r = mpdm_get_map(c->name, c->with_status, &map, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	if (r) {
		CHECK(!strcmp(err, c->err), "reason '%s', not '%s'", err, c->err);
		CHECK(!map.table && !map.status, "data left after failure");
		return 0;
	}
	CHECK(!strcmp(map.name, c->name) && map.major == 253 &&
	      map.sectors == 2097152, "identity");
	CHECK(!strcmp(map.table, RR_TABLE), "table '%s'", map.table);
	CHECK(c->with_status ? !strcmp(map.status, RR_STATUS) : !map.status,
	      "status '%s'", map.status ? map.status : "(none)");
	CHECK(!strcmp(c->name, "mpathb") ? map.minor == 7 && map.read_only :
	      map.minor == 3 && !map.read_only, "minor/read-only");
	mpdm_free_map(&map);
	return 0;
}

struct msg_case {
	const char *name, *msg;
	int r;
	const char *err;	/* NULL on success */
};

static const struct msg_case msg_cases[] = {
	{ "mpatha", "fail_path 8:16", 0, NULL },
	{ "busy", "switch_group 1", MPDM_ERR,
	  "busy: map is suspended, 'switch_group 1' refused" },
	{ "refuser", "fail_path 8:16", MPDM_ERR,
	  "refuser: target refused 'fail_path 8:16' (Invalid argument; see dmesg)" },
	{ "nosuch", "fail_path 8:16", MPDM_NOMAP, "nosuch: no such map" },
};

static int msg_case(const void *arg, char *why, size_t len)
{
	const struct msg_case *c = arg;
	char err[256] = "", sent[256];
	int r;

	mock_maps = maps;
	r = mpdm_message(c->name, c->msg, err, sizeof(err));
	CHECK(r == c->r, "returned %d, not %d (%s)", r, c->r, err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	CHECK(!c->err || !strcmp(err, c->err), "reason '%s'", err);
	if (!r) {
		snprintf(sent, sizeof(sent), "%s 0 %s", c->name, c->msg);
		CHECK(!strcmp(mock_sent, sent), "sent '%s', not '%s'", mock_sent,
		      sent);
	}
	return 0;
}

static int list_ours_sorted(const void *arg, char *why, size_t len)
{
	char err[256] = "", **names;
	size_t count;

	(void)arg;
	mock_maps = maps;
	CHECK(!mpdm_list(&names, &count, err, sizeof(err)), "failed: %s", err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	/* Not linear0, empty or two (their tables are not one mpath2). */
	CHECK(count == 5, "%zu maps", count);
	CHECK(!strcmp(names[0], "busy") && !strcmp(names[1], "mpatha") &&
	      !strcmp(names[2], "mpathb") && !strcmp(names[3], "refuser") &&
	      !strcmp(names[4], "vanishing"),
	      "names/order: %s %s %s ...", names[0], names[1], names[2]);
	mpdm_free_names(names, count);
	return 0;
}

static int list_empty(const void *arg, char *why, size_t len)
{
	char err[256] = "", **names;
	size_t count = 99;

	(void)arg;
	mock_maps = no_maps;
	CHECK(!mpdm_list(&names, &count, err, sizeof(err)), "failed: %s", err);
	CHECK(count == 0 && !names, "%zu maps", count);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	return 0;
}

static int list_fails(const void *arg, char *why, size_t len)
{
	char err[256] = "", **names;
	size_t count;

	(void)arg;
	mock_maps = maps;
	mock_list_errno = EPERM;
	CHECK(mpdm_list(&names, &count, err, sizeof(err)) == MPDM_ERR,
	      "succeeded");
	CHECK(!strcmp(err, "device-mapper: list ioctl on   failed: "
		      "Operation not permitted"), "reason '%s'", err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	return 0;
}

/* One table that cannot be read fails the list, and leaks nothing. */
static int list_one_unreadable(const void *arg, char *why, size_t len)
{
	char err[256] = "", **names;
	size_t count;

	(void)arg;
	mock_maps = denied_maps;
	CHECK(mpdm_list(&names, &count, err, sizeof(err)) == MPDM_ERR,
	      "succeeded");
	CHECK(!names && !count, "names left after failure");
	CHECK(strstr(err, "on denied  failed: Permission denied"), "reason '%s'",
	      err);
	CHECK(mock_tasks == 0, "%d task(s) not destroyed", mock_tasks);
	return 0;
}

int main(void)
{
	char name[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(get_cases); i++) {
		snprintf(name, sizeof(name), "tools/dm/get_map/%s%s",
			 get_cases[i].name,
			 get_cases[i].with_status ? "_with_status" : "");
		run_case(name, get_case, &get_cases[i]);
	}
	for (i = 0; i < ARRAY_SIZE(msg_cases); i++) {
		snprintf(name, sizeof(name), "tools/dm/message/%s",
			 msg_cases[i].name);
		run_case(name, msg_case, &msg_cases[i]);
	}
	run_case("tools/dm/list/ours_sorted", list_ours_sorted, NULL);
	run_case("tools/dm/list/empty", list_empty, NULL);
	run_case("tools/dm/list/fails", list_fails, NULL);
	run_case("tools/dm/list/one_unreadable", list_one_unreadable, NULL);
	return failed_cases() ? 1 : 0;
}
