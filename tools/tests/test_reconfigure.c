// SPDX-License-Identifier: GPL-2.0-only
/*
 * A config applied to the maps there are (daemon/reconfigure.h: mpath2ctl
 * reconfigure and the daemon's SIGHUP), over the pretend kernel of
 * fake_mon.h: a map whose rendered table is the kernel's is left alone,
 * one the new settings change is reloaded with them, and a map whose
 * table cannot be read is reported and changes nothing. The table
 * comparison (reload_differs()): what the config decides, not what the
 * kernel reports of its own (queue_mode bio, the current group, a
 * handler kept attached).
 */
#include <stdio.h>
#include <string.h>

#include "cli/reload.h"
#include "daemon/reconfigure.h"
#include "fake_mon.h"
#include "unit.h"

#define CONF_FAIL	"defaults {\n path_grouping_policy multibus\n" \
			" no_path_retry fail\n}\n"
#define CONF_QUEUE	"defaults {\n path_grouping_policy multibus\n" \
			" no_path_retry queue\n}\n"

struct differs_case {
	const char *name;
	const char *a, *b;
	int differs;
};

static const struct differs_case differs_cases[] = {
	{ "same", "0 0 1 1 round-robin 0 1 1 8:16 1",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 0 },
	{ "spacing", "0 0 1 1 round-robin 0 1 1 8:16 1 ",
	  " 0  0 1 1\tround-robin 0 1 1 8:16 1", 0 },
	{ "a_feature", "1 queue_if_no_path 0 1 1 round-robin 0 1 1 8:16 1",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 1 },
	{ "a_path_arg", "0 0 1 1 round-robin 0 1 1 8:16 1",
	  "0 0 1 1 round-robin 0 1 1 8:16 10", 1 },
	{ "longer", "0 0 1 1 round-robin 0 1 1 8:16 1",
	  "0 0 1 1 round-robin 0 1 1 8:16 1 x", 1 },
	/* The kernel's own queue_mode bio, and its features' order. */
	{ "queue_mode_bio", "2 queue_mode bio 0 1 1 round-robin 0 1 1 8:16 1",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 0 },
	{ "feature_order", "5 queue_if_no_path queue_mode bio failback immediate"
	  " 0 1 1 round-robin 0 1 1 8:16 1",
	  "3 queue_if_no_path failback immediate 0 1 1 round-robin 0 1 1 8:16 1",
	  0 },
	{ "feature_value", "4 queue_mode bio failback 5 0 1 1 round-robin 0 1 1"
	  " 8:16 1", "2 failback 10 0 1 1 round-robin 0 1 1 8:16 1", 1 },
	/* The kernel reports the current group, the table the first. */
	{ "current_group", "2 queue_mode bio 0 2 2 round-robin 0 1 1 8:16 1"
	  " round-robin 0 1 1 8:32 1", "0 0 2 1 round-robin 0 1 1 8:16 1"
	  " round-robin 0 1 1 8:32 1", 0 },
	{ "group_count", "0 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1"
	  " 8:32 1", "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1", 1 },
	/* A handler kept attached, none asked: no difference. */
	{ "kept_handler", "2 queue_mode bio 1 alua 1 1 round-robin 0 1 1 8:16 1",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 0 },
	{ "other_handler", "0 1 emc 1 1 round-robin 0 1 1 8:16 1",
	  "0 1 alua 1 1 round-robin 0 1 1 8:16 1", 1 },
	{ "not_a_table", "2 queue_mode", "0 0 1 1 round-robin 0 1 1 8:16 1", 1 },
};

static void differs_case(void **state)
{
	const struct differs_case *c = *state;

	CHECK(reload_differs(c->a, c->b) == c->differs,
	      "kernel '%s' / rendered '%s': %d", c->a, c->b,
	      reload_differs(c->a, c->b));
}

struct said {
	int reloaded, failed;
	char last[512];
};

static void said(void *arg, const char *map, enum reconfigure_outcome what,
		 const char *text)
{
	struct said *s = arg;

	if (what == RECONF_RELOADED)
		s->reloaded++;
	else
		s->failed++;
	snprintf(s->last, sizeof(s->last), "%s: %s", map, text);
}

static struct mpath2_conf *conf_of(const char *text)
{
	return config_parse("t.conf", text, strlen(text), stderr);
}

/* The table @conf_text renders for the model's map, into @buf. */
static int rendered(const char *conf_text, char *buf, size_t len)
{
	struct mpath2_conf *conf = conf_of(conf_text);
	struct mpdm_map map;
	struct status_map t;
	char err[256];
	int r = -1;

	if (!conf)
		return -1;
	if (!fake_mon_dm.get_map("lun0", 0, &map, err, sizeof(err))) {
		if (!status_parse(MP_TABLE, map.table, &t, err, sizeof(err))) {
			r = reload_render(conf, NULL, stderr, &map, &t, buf,
					  len, err, sizeof(err));
			status_free(&t);
		}
		mpdm_free_map(&map);
	}
	config_free(conf);
	return r;
}

/* The kernel's table is the config's: nothing is reloaded. */
static void unchanged_left(void **state)
{
	static char table[1024];
	struct mpath2_conf *conf;
	struct said s = { 0 };
	int n;

	(void)state;
	fake_mon_set("8:16A 8:32A");
	CHECK(!rendered(CONF_FAIL, table, sizeof(table)), "render");
	fake_mon_table = table;
	conf = conf_of(CONF_FAIL);
	CHECK(conf, "config");
	n = reconfigure_maps(&fake_mon_dm, conf, NULL, stderr, 0, said, &s);
	config_free(conf);
	CHECK(n == 0 && !s.reloaded && !s.failed && !fake_mon_reloaded[0],
	      "%d reloaded (%s), reload '%s'", n, s.last, fake_mon_reloaded);
}

/* no_path_retry fail -> queue: the map is reloaded with the new feature. */
static void changed_reloaded(void **state)
{
	static char table[1024];
	struct mpath2_conf *conf;
	struct said s = { 0 };
	int n;

	(void)state;
	fake_mon_set("8:16A 8:32A");
	CHECK(!rendered(CONF_FAIL, table, sizeof(table)), "render");
	CHECK(!strstr(table, "queue_if_no_path"), "fail renders '%s'", table);
	fake_mon_table = table;
	conf = conf_of(CONF_QUEUE);
	CHECK(conf, "config");
	n = reconfigure_maps(&fake_mon_dm, conf, NULL, stderr, 0, said, &s);
	config_free(conf);
	CHECK(n == 1 && s.reloaded == 1 && !s.failed, "%d reloaded: %s", n,
	      s.last);
	CHECK(!strncmp(fake_mon_reloaded, "lun0 0 2097152 mpath2 ", 22) &&
	      strstr(fake_mon_reloaded, "queue_if_no_path") &&
	      strstr(fake_mon_reloaded, "8:16") &&
	      strstr(fake_mon_reloaded, "8:32"), "reloaded '%s'",
	      fake_mon_reloaded);
}

/* A dry run says what would change and loads nothing. */
static void dry_run(void **state)
{
	static char table[1024];
	struct mpath2_conf *conf;
	struct said s = { 0 };
	int n;

	(void)state;
	fake_mon_set("8:16A 8:32A");
	CHECK(!rendered(CONF_FAIL, table, sizeof(table)), "render");
	fake_mon_table = table;
	conf = conf_of(CONF_QUEUE);
	CHECK(conf, "config");
	n = reconfigure_maps(&fake_mon_dm, conf, NULL, stderr, 1, said, &s);
	config_free(conf);
	CHECK(n == 1 && strstr(s.last, "queue_if_no_path") &&
	      !fake_mon_reloaded[0], "%d, '%s', reload '%s'", n, s.last,
	      fake_mon_reloaded);
}

/* A table that cannot be read: said, and nothing is loaded. */
static void unreadable_refused(void **state)
{
	struct mpath2_conf *conf;
	struct said s = { 0 };
	int n;

	(void)state;
	fake_mon_set("8:16A 8:32A");
	fake_mon_table = "0 0 1 1 round-robin";
	conf = conf_of(CONF_QUEUE);
	CHECK(conf, "config");
	n = reconfigure_maps(&fake_mon_dm, conf, NULL, stderr, 0, said, &s);
	config_free(conf);
	CHECK(n == -1 && s.failed == 1 && !strncmp(s.last, "lun0: ", 6) &&
	      !fake_mon_reloaded[0], "%d, '%s', reload '%s'", n, s.last,
	      fake_mon_reloaded);
}

/* The maps cannot be listed: said, -1. */
static void list_fails(void **state)
{
	struct mpath2_conf *conf;
	struct said s = { 0 };
	int n;

	(void)state;
	fake_mon_list_fails = 1;
	conf = conf_of(CONF_QUEUE);
	CHECK(conf, "config");
	n = reconfigure_maps(&fake_mon_dm, conf, NULL, stderr, 0, said, &s);
	config_free(conf);
	CHECK(n == -1 && s.failed == 1 && strstr(s.last, "listing maps failed"),
	      "%d, '%s'", n, s.last);
}

void reconfigure_tests(void)
{
	UNIT_TABLE("tools/reconfigure/differs", differs_case, differs_cases);
	unit_case("tools/reconfigure/unchanged_left", unchanged_left, NULL);
	unit_case("tools/reconfigure/changed_reloaded", changed_reloaded, NULL);
	unit_case("tools/reconfigure/dry_run", dry_run, NULL);
	unit_case("tools/reconfigure/unreadable_refused", unreadable_refused,
		  NULL);
	unit_case("tools/reconfigure/list_fails", list_fails, NULL);
}
