// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2.conf as hosts have it (issue 21): one statement mpath2 cannot
 * honour warns with its file:line and the rest of the file still counts.
 * Only a map the statement would make wrong is refused, and only that
 * map: table_conf_apply() says why with the statement's file:line. The
 * daemon starts (and checks) even when the file cannot be read at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/bindings.h"
#include "conf/conf_print.h"
#include "conf/config.h"
#include "fakefs.h"
#include "table/table.h"
#include "table/table_conf.h"
#include "unit.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"3600a0b80001234"

/* Parse @text as "t.conf"; what it printed in *@msgs (malloc'ed). */
static struct mpath2_conf *parse(const char *text, char **msgs)
{
	struct mpath2_conf *c;
	size_t n = 0;
	FILE *f;

	*msgs = NULL;
	f = open_memstream(msgs, &n);
	if (!f)
		return NULL;
	c = config_parse("t.conf", text, strlen(text), f);
	fclose(f);
	return c;
}

/*
 * The map @conf gives a LUN @wwid of @vendor/@product on paths 8:16 and
 * 8:32, in @line; -1 with the refusal in @err. The grouping is built as
 * failover (group_by_prio's groups come from the paths' ALUA states,
 * which are group.c's to test); the resolved grouping in *@grouping.
 */
static int map_line(const struct mpath2_conf *conf, const char *wwid,
		    const char *vendor, const char *product, char *line,
		    size_t len, char *err, size_t errlen,
		    enum tbl_grouping *grouping)
{
	static const struct tbl_path paths[] = { { 8, 16 }, { 8, 32 } };
	struct config_settings s;
	struct tbl_opts o;

	config_resolve(conf, wwid, vendor, product, &s);
	table_default_opts(&o);
	if (table_conf_apply(&o, &s, err, errlen))
		return -1;
	if (grouping)
		*grouping = o.grouping;
	o.grouping = TABLE_FAILOVER;
	return table_build(&o, paths, 2, line, len, err, errlen);
}

/* Every line of @msgs is a "t.conf:N: warning: " line; how many. */
static int warnings(const char *msgs)
{
	const char *s = msgs, *nl;
	int n = 0, line;
	char tail[32];

	for (; s && *s; s = nl + 1, n++) {
		nl = strchr(s, '\n');
		if (!nl || sscanf(s, "t.conf:%d: %9s", &line, tail) != 2 ||
		    strcmp(tail, "warning:"))
			return -1;
	}
	return n;
}

/* --- each statement of the issue ----------------------------------------- */

/* overrides{}: loads, empty or not; over devices{}, under multipaths{}. */
static void overrides_section(void **state)
{
	static const char text[] =
		"devices {\n"
		" device {\n"
		"  vendor LIO-ORG\n"
		"  product .*\n"
		"  no_path_retry queue\n"
		"  failback 30\n"
		" }\n"
		"}\n"
		"overrides {\n"
		" no_path_retry 6\n"
		" failback immediate\n"
		"}\n"
		"multipaths {\n"
		" multipath {\n"
		"  wwid " WWID_A "\n"
		"  failback manual\n"
		" }\n"
		"}\n";
	struct mpath2_conf *c;
	struct config_settings s;
	char *msgs;

	(void)state;
	c = parse("overrides {\n}\n", &msgs);
	CHECK(c && !msgs[0], "empty overrides: '%s'", msgs);
	config_free(c);
	free(msgs);
	c = parse(text, &msgs);
	CHECK(c && !msgs[0], "overrides: '%s'", msgs);
	free(msgs);
	config_resolve(c, WWID_B, "LIO-ORG", "disk", &s);
	CHECK(s.no_path_retry == 6 && !strcmp(s.failback, "immediate"),
	      "overrides over the device: retry %d failback %s",
	      s.no_path_retry, s.failback);
	config_resolve(c, WWID_A, "LIO-ORG", "disk", &s);
	CHECK(s.no_path_retry == 6 && !strcmp(s.failback, "manual"),
	      "multipath over overrides: retry %d failback %s",
	      s.no_path_retry, s.failback);
	config_free(c);
}

/* no_path_retry 0 is multipath-tools' "fail": the same map, no word. */
static void no_path_retry_zero(void **state)
{
	char l0[512], lf[512], err[256] = "", *msgs;
	struct mpath2_conf *c;

	(void)state;
	c = parse("defaults {\n no_path_retry 0\n}\n", &msgs);
	CHECK(c && !msgs[0], "no_path_retry 0: '%s'", msgs);
	free(msgs);
	CHECK(!map_line(c, WWID_A, "V", "P", l0, sizeof(l0), err, sizeof(err),
			NULL), "refused: %s", err);
	config_free(c);
	c = parse("defaults {\n no_path_retry fail\n}\n", &msgs);
	free(msgs);
	CHECK(c && !map_line(c, WWID_A, "V", "P", lf, sizeof(lf), err,
			     sizeof(err), NULL), "fail refused: %s", err);
	config_free(c);
	CHECK(!strcmp(l0, lf), "'%s' is not '%s'", l0, lf);
}

/* path_checker rdac: a warning at its line; TUR checks; maps unchanged. */
static void path_checker_rdac(void **state)
{
	static const char text[] =
		"defaults {\n"
		" path_checker rdac\n"
		" polling_interval 7\n"
		"}\n";
	char line[512], err[256] = "", *msgs;
	struct mpath2_conf *c;
	struct config_settings s;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c, "refused: '%s'", msgs);
	CHECK(warnings(msgs) == 1 && strstr(msgs, "t.conf:2: warning: ") &&
	      strstr(msgs, "rdac"), "messages '%s'", msgs);
	free(msgs);
	config_resolve(c, WWID_A, "V", "P", &s);
	CHECK(s.checker == CHECKER_TUR && s.polling_interval == 7,
	      "checker %d, polling_interval %d", s.checker, s.polling_interval);
	CHECK(!map_line(c, WWID_A, "V", "P", line, sizeof(line), err,
			sizeof(err), NULL), "map refused: %s", err);
	config_free(c);
}

/*
 * hardware_handler "1 rdac" in a device section: that array's maps are
 * refused (a map without its handler would be wrong), with the line;
 * every other array's maps are made.
 */
static void hardware_handler_rdac(void **state)
{
	static const char text[] =
		"devices {\n"
		" device {\n"
		"  vendor NETAPP\n"
		"  product INF-01-00\n"
		"  hardware_handler \"1 rdac\"\n"
		"  path_checker rdac\n"
		" }\n"
		"}\n";
	char line[512], err[256] = "", *msgs;
	struct mpath2_conf *c;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c, "refused: '%s'", msgs);
	CHECK(warnings(msgs) == 2 && strstr(msgs, "t.conf:5: warning: ") &&
	      strstr(msgs, "t.conf:6: warning: "), "messages '%s'", msgs);
	free(msgs);
	CHECK(map_line(c, WWID_B, "NETAPP", "INF-01-00", line, sizeof(line),
		       err, sizeof(err), NULL) &&
	      strstr(err, "t.conf:5: ") && strstr(err, "rdac"),
	      "the NETAPP map: '%s'", err);
	err[0] = '\0';
	CHECK(!map_line(c, WWID_A, "LIO-ORG", "disk", line, sizeof(line), err,
			sizeof(err), NULL), "the LIO map refused: %s", err);
	config_free(c);
}

/*
 * group_by_node_name in defaults: every map would be grouped wrongly,
 * so every map is refused, except one whose own section says how.
 */
static void group_by_node_name(void **state)
{
	static const char text[] =
		"defaults {\n"
		" path_grouping_policy group_by_node_name\n"
		"}\n"
		"multipaths {\n"
		" multipath {\n"
		"  wwid " WWID_A "\n"
		"  path_grouping_policy multibus\n"
		" }\n"
		"}\n";
	char line[512], err[256] = "", *msgs;
	struct mpath2_conf *c;
	enum tbl_grouping g;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c, "refused: '%s'", msgs);
	CHECK(warnings(msgs) == 1 && strstr(msgs, "t.conf:2: warning: ") &&
	      strstr(msgs, "group_by_node_name"), "messages '%s'", msgs);
	free(msgs);
	CHECK(map_line(c, WWID_B, "V", "P", line, sizeof(line), err,
		       sizeof(err), NULL) && strstr(err, "t.conf:2: ") &&
	      strstr(err, "group_by_node_name"), "map B: '%s'", err);
	err[0] = '\0';
	CHECK(!map_line(c, WWID_A, "V", "P", line, sizeof(line), err,
			sizeof(err), &g) && g == TABLE_MULTIBUS,
	      "map A: '%s'", err);
	config_free(c);
}

/* blacklist wwid "*": every disk, as the guides write it; exceptions pass. */
static void blacklist_wwid_star(void **state)
{
	static const char text[] =
		"blacklist {\n"
		" wwid \"*\"\n"
		"}\n"
		"blacklist_exceptions {\n"
		" wwid \"" WWID_A "\"\n"
		"}\n";
	struct mpath2_conf *c;
	char *msgs;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c && !msgs[0], "refused or warned: '%s'", msgs);
	free(msgs);
	CHECK(config_blacklisted(c, "sdc", WWID_B, "V", "P") &&
	      !config_blacklisted(c, "sdb", WWID_A, "V", "P"),
	      "wwid * blacklists all but the exception");
	config_free(c);
}

/*
 * The settings iSCSI multipath guides publish for ALUA arrays load, and
 * give the map no_path_retry fail gives.
 */
static const char alua_guide[] =
	"defaults {\n"
	"    user_friendly_names no\n"
	"    find_multipaths yes\n"
	"}\n"
	"devices {\n"
	"    device {\n"
	"        vendor \"LIO-ORG\"\n"
	"        product \".*\"\n"
	"        path_selector \"service-time 0\"\n"
	"        path_grouping_policy group_by_prio\n"
	"        prio alua\n"
	"        hardware_handler \"1 alua\"\n"
	"        no_path_retry %s\n"
	"        failback immediate\n"
	"        path_checker tur\n"
	"    }\n"
	"}\n";

static void alua_guide_settings(void **state)
{
	char text[1024], l0[512], lf[512], err[256] = "", *msgs;
	enum tbl_grouping g0, gf;
	struct mpath2_conf *c;

	(void)state;
	snprintf(text, sizeof(text), alua_guide, "0");
	c = parse(text, &msgs);
	CHECK(c, "refused: '%s'", msgs);
	CHECK(!strstr(msgs, "prio"), "prio alua is what mpath2 does: '%s'",
	      msgs);
	free(msgs);
	CHECK(!map_line(c, WWID_A, "LIO-ORG", "disk", l0, sizeof(l0), err,
			sizeof(err), &g0), "refused: %s", err);
	config_free(c);
	snprintf(text, sizeof(text), alua_guide, "fail");
	c = parse(text, &msgs);
	free(msgs);
	CHECK(c && !map_line(c, WWID_A, "LIO-ORG", "disk", lf, sizeof(lf),
			     err, sizeof(err), &gf), "fail refused: %s", err);
	config_free(c);
	CHECK(!strcmp(l0, lf) && g0 == gf && g0 == TABLE_GROUP_BY_PRIO,
	      "'%s' is not '%s'", l0, lf);
	CHECK(strstr(l0, "failback immediate") && strstr(l0, "1 alua") &&
	      strstr(l0, "service-time 0"), "'%s'", l0);
}

/* --- the rest of a real /etc/multipath.conf -------------------------------- */

/*
 * Vendor blocks as users paste them from multipath-tools' hwtable and
 * the vendors' guides, in Debian's and RHEL's shipped layout: the file
 * loads; what mpath2 does not do warns; each array's map is made or,
 * for the EMC handler mpath2 lacks, refused with its line.
 */
static const char pasted[] =
	"defaults {\n"						/* 1 */
	"\tuser_friendly_names yes\n"
	"\tfind_multipaths yes\n"
	"\tpolling_interval 10\n"
	"\tpath_selector \"round-robin 0\"\n"
	"\tpath_grouping_policy failover\n"
	"\tuid_attribute ID_SERIAL\n"
	"\tprio const\n"
	"\tfailback immediate\n"
	"\tno_path_retry fail\n"				/* 10 */
	"\tconfig_dir /etc/multipath/conf.d\n"
	"}\n"
	"blacklist {\n"
	"\tdevnode \"^(ram|raw|loop|fd|md|dm-|sr|scd|st)[0-9]*\"\n"
	"\tdevnode \"^hd[a-z]\"\n"
	"\tproperty \"(SCSI_IDENT_|ID_WWN)\"\n"
	"}\n"
	"blacklist_exceptions {\n"
	"\tproperty \"(SCSI_IDENT_|ID_WWN)\"\n"
	"\tprotocol \"scsi:iscsi\"\n"				/* 20 */
	"}\n"
	"devices {\n"
	"\tdevice {\n"
	"\t\tvendor \"NETAPP\"\n"
	"\t\tproduct \"LUN.*\"\n"
	"\t\tpath_grouping_policy \"group_by_prio\"\n"
	"\t\tfeatures \"2 pg_init_retries 50\"\n"
	"\t\tprio \"ontap\"\n"
	"\t\tfailback immediate\n"
	"\t\tno_path_retry queue\n"				/* 30 */
	"\t\tflush_on_last_del \"always\"\n"
	"\t\tdev_loss_tmo \"infinity\"\n"
	"\t}\n"
	"\tdevice {\n"
	"\t\tvendor \"PURE\"\n"
	"\t\tproduct \"FlashArray\"\n"
	"\t\tpath_selector \"service-time 0\"\n"
	"\t\thardware_handler \"1 alua\"\n"
	"\t\tpath_grouping_policy group_by_prio\n"
	"\t\tprio alua\n"					/* 40 */
	"\t\tfailback immediate\n"
	"\t\tpath_checker tur\n"
	"\t\tfast_io_fail_tmo 10\n"
	"\t\tno_path_retry 0\n"
	"\t\tdev_loss_tmo 600\n"
	"\t\tdetect_prio yes\n"
	"\t\trr_weight uniform\n"
	"\t\tmax_sectors_kb 4096\n"
	"\t}\n"
	"\tdevice {\n"						/* 50 */
	"\t\tvendor \"DGC\"\n"
	"\t\tproduct \".*\"\n"
	"\t\tproduct_blacklist \"LUNZ\"\n"
	"\t\tpath_grouping_policy \"group_by_prio\"\n"
	"\t\tpath_checker \"emc_clariion\"\n"
	"\t\tfeatures \"0\"\n"
	"\t\thardware_handler \"1 emc\"\n"
	"\t\tprio \"emc\"\n"
	"\t\tfailback immediate\n"
	"\t\tno_path_retry 60\n"				/* 60 */
	"\t}\n"
	"}\n"
	"overrides {\n"
	"\tdetect_checker no\n"
	"\tprotocol {\n"
	"\t\ttype scsi:fcp\n"
	"\t\tfast_io_fail_tmo 5\n"
	"\t}\n"
	"}\n";

static void pasted_vendor_blocks(void **state)
{
	char line[512], err[256] = "", *msgs;
	struct mpath2_conf *c;
	enum tbl_grouping g;

	(void)state;
	c = parse(pasted, &msgs);
	CHECK(c, "refused: '%s'", msgs);
	CHECK(warnings(msgs) > 0, "not only warnings: '%s'", msgs);
	CHECK(strstr(msgs, "t.conf:57: warning: ") &&
	      strstr(msgs, "t.conf:55: warning: "), "the DGC lines: '%s'",
	      msgs);
	free(msgs);
	CHECK(!map_line(c, WWID_A, "PURE", "FlashArray", line, sizeof(line),
			err, sizeof(err), &g) && g == TABLE_GROUP_BY_PRIO &&
	      strstr(line, "1 alua") && !strstr(line, "queue_if_no_path"),
	      "PURE: '%s' '%s'", line, err);
	CHECK(!map_line(c, WWID_A, "NETAPP", "LUN C-Mode", line, sizeof(line),
			err, sizeof(err), &g) && strstr(line, "queue_if_no_path"),
	      "NETAPP: '%s' '%s'", line, err);
	CHECK(map_line(c, WWID_A, "DGC", "VRAID", line, sizeof(line), err,
		       sizeof(err), NULL) && strstr(err, "t.conf:57: "),
	      "DGC: '%s'", err);
	config_free(c);
}

/* Unknown sections, at the top or inside, are skipped with a warning. */
static void unknown_sections_skipped(void **state)
{
	static const char text[] =
		"foo {\n"
		" bar {\n"
		"  baz 1\n"
		" }\n"
		"}\n"
		"defaults {\n"
		" qux {\n"
		" }\n"
		" polling_interval 9\n"
		"}\n";
	struct mpath2_conf *c;
	char *msgs;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c && warnings(msgs) == 2 && strstr(msgs, "t.conf:1: warning: ") &&
	      strstr(msgs, "t.conf:7: warning: "), "'%s'", msgs);
	free(msgs);
	CHECK(config_defaults(c)->polling_interval == 9, "after the skip");
	config_free(c);
}

/*
 * A bad value of a setting that only paces the checker warns and keeps
 * the built-in value; the maps are made.
 */
static void checker_settings_warn(void **state)
{
	static const char text[] =
		"defaults {\n"
		" polling_interval 0\n"
		" checker_timeout 601\n"
		" user_friendly_names 1\n"
		"}\n";
	char line[512], err[256] = "", *msgs;
	struct mpath2_conf *c;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c && warnings(msgs) == 3, "'%s'", msgs);
	free(msgs);
	CHECK(config_defaults(c)->polling_interval == 5 &&
	      config_defaults(c)->checker_timeout == 30, "the built-ins");
	CHECK(!map_line(c, WWID_A, "V", "P", line, sizeof(line), err,
			sizeof(err), NULL), "refused: %s", err);
	config_free(c);
}

/*
 * "path_selector service-time 0" unquoted: the words are the value, as
 * the admin meant (with a warning to quote it).
 */
static void unquoted_words(void **state)
{
	char line[512], err[256] = "", *msgs;
	struct mpath2_conf *c;

	(void)state;
	c = parse("defaults {\n path_selector service-time 0\n}\n", &msgs);
	CHECK(c && warnings(msgs) == 1, "'%s'", msgs);
	free(msgs);
	CHECK(!map_line(c, WWID_A, "V", "P", line, sizeof(line), err,
			sizeof(err), NULL) && strstr(line, "service-time 0"),
	      "'%s' '%s'", line, err);
	config_free(c);
}

/* A section that cannot be used is skipped; the others still count. */
static void bad_sections_skipped(void **state)
{
	static const char text[] =
		"multipaths {\n"
		" multipath {\n"
		"  wwid not-a-wwid\n"
		"  alias x\n"
		" }\n"
		" multipath {\n"
		"  alias y\n"
		" }\n"
		" multipath {\n"
		"  wwid " WWID_A "\n"
		"  alias data\n"
		" }\n"
		"}\n"
		"devices {\n"
		" device {\n"
		"  vendor \"(\"\n"
		"  product X\n"
		"  no_path_retry queue\n"
		" }\n"
		"}\n"
		"defaults {\n"
		" polling_interval 3\n"
		"}\n";
	struct mpath2_conf *c;
	struct config_settings s;
	char *msgs;

	(void)state;
	c = parse(text, &msgs);
	CHECK(c && warnings(msgs) >= 3 && strstr(msgs, "t.conf:3: warning: ") &&
	      strstr(msgs, "t.conf:16: warning: "), "'%s'", msgs);
	free(msgs);
	CHECK(!strcmp(config_alias(c, WWID_A), "data") &&
	      config_defaults(c)->polling_interval == 3, "the good sections");
	config_resolve(c, WWID_B, "(", "X", &s);
	CHECK(s.no_path_retry == CONF_NO_PATH_RETRY_FAIL, "the bad device applied");
	config_free(c);
}

/* A broken structure still refuses the file (no guessing where it ends). */
static void broken_structure_refused(void **state)
{
	struct mpath2_conf *c;
	char *msgs;

	(void)state;
	c = parse("devices {\n device {\n  vendor X\n", &msgs);
	CHECK(!c && !strncmp(msgs, "t.conf:", 7), "'%s'", msgs);
	config_free(c);
	free(msgs);
}

/* --- config show ----------------------------------------------------------- */

static char *print(const struct mpath2_conf *c)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	if (f) {
		conf_print_write(c, f);
		fclose(f);
	}
	return text;
}

/*
 * What config show prints reads back as the same config: printed again,
 * it is the same text, without a warning. A refused setting is a comment
 * with its line (what it refuses is not a setting to read back).
 */
static void config_show_reads_back(void **state)
{
	static const char text[] =
		"defaults {\n"
		" polling_interval 7\n"
		"}\n"
		"blacklist {\n"
		" wwid \"*\"\n"
		" device {\n"
		"  vendor \"A\"\"B\"\n"
		" }\n"
		"}\n"
		"blacklist_exceptions {\n"
		" devnode \"^sd[a-c]$\"\n"
		"}\n"
		"devices {\n"
		" device {\n"
		"  vendor LIO-ORG\n"
		"  product .*\n"
		"  hardware_handler \"1 alua\"\n"
		"  hold_down_failures 3\n"
		"  hold_down_window 60\n"
		"  hold_down_secs 30\n"
		" }\n"
		"}\n"
		"overrides {\n"
		" no_path_retry 6\n"
		"}\n"
		"multipaths {\n"
		" multipath {\n"
		"  wwid " WWID_A "\n"
		"  alias data\n"
		"  path_grouping_policy multibus\n"
		" }\n"
		"}\n";
	char *msgs, *once, *twice = NULL;
	struct mpath2_conf *c;

	(void)state;
	c = parse(text, &msgs);
	free(msgs);
	CHECK(c, "refused");
	once = print(c);
	config_free(c);
	c = once ? parse(once, &msgs) : NULL;
	if (c) {
		twice = print(c);
		config_free(c);
	}
	CHECK(c && !msgs[0] && twice && !strcmp(once, twice),
	      "printed '%s', read back with '%s', printed again '%s'", once,
	      c ? msgs : "(refused)", twice);
	free(msgs);
	free(twice);
	CHECK(strstr(once, "\tpolling_interval 7\n\tmax_polling_interval 28\n") &&
	      strstr(once, "\twwid \".*\"\n") &&
	      strstr(once, "vendor \"A\"\"B\"") &&
	      strstr(once, "overrides {\n\tno_path_retry 6\n}") &&
	      strstr(once, "\t\talias \"data\"\n\t\tpath_grouping_policy multibus\n"),
	      "printed '%s'", once);
	free(once);
	c = parse("defaults {\n path_grouping_policy group_by_node_name\n}\n",
		  &msgs);
	free(msgs);
	once = c ? print(c) : NULL;
	config_free(c);
	CHECK(once && strstr(once, "\t# path_grouping_policy: t.conf:2: "
				 "path_grouping_policy 'group_by_node_name'"),
	      "printed '%s'", once);
	free(once);
}

/* The verb, through cli_main(): warnings on stderr, the config on stdout. */
static void config_show_verb(void **state)
{
	char root[] = "/tmp/mpath2-cshow.XXXXXX", conf[64], *out = NULL,
	     *err = NULL;
	char *argv[] = { "mpath2ctl", "--config", conf, "config", "show" };
	struct cli_ctl ctl = { 0 };
	size_t outlen = 0, errlen = 0;
	char why[2048] = "";
	int status, r = -1;

	(void)state;
	CHECK(!fakefs_new(root) && !fakefs_puts(root, "c.conf",
		"defaults {\n polling_interval 9\n rr_weight uniform\n}\n"),
	      "setup");
	snprintf(conf, sizeof(conf), "%s/c.conf", root);
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = "/nonexistent";
	status = cli_main((int)ARRAY_SIZE(argv), argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	fakefs_remove(root);
	if (status || !strstr(out, "defaults {\n\tpolling_interval 9\n") ||
	    !strstr(err, "c.conf:3: warning: unknown keyword 'rr_weight'"))
		snprintf(why, sizeof(why), "exit %d, stdout '%s', stderr '%s'",
			 status, out, err);
	else
		r = 0;
	free(out);
	free(err);
	if (r)
		fail_msg("%s", why);
}

/* --- the bindings file with two writers ---------------------------------- */

/* The whole of @path, malloc'ed ("" if it cannot be read). */
static char *slurp(const char *path)
{
	char *buf = calloc(1, 4096);
	FILE *f = fopen(path, "r");

	if (f && buf)
		buf[fread(buf, 1, 4095, f)] = '\0';
	if (f)
		fclose(f);
	return buf;
}

/*
 * Two "discover --friendly" load the same file and bind the same new
 * alias: the second append finds, under the file's lock, what the first
 * wrote, and refuses rather than write a duplicate (which would make the
 * file refused as a whole).
 */
static void bindings_second_writer(void **state)
{
	char root[] = "/tmp/mpath2-bind.XXXXXX", path[64], err[256] = "", *t;
	int r1, r2, r3, r4;

	(void)state;
	CHECK(!fakefs_new(root) && !fakefs_puts(root, "b", "mpath0 " WWID_B "\n"),
	      "setup");
	snprintf(path, sizeof(path), "%s/b", root);
	r1 = bindings_append(path, "mpath0", WWID_A, err, sizeof(err));
	r2 = bindings_append(path, "mpath1", WWID_B, err, sizeof(err));
	r3 = bindings_append(path, "mpath0", WWID_B, err, sizeof(err));
	r4 = bindings_append(path, "mpath1", WWID_A, err, sizeof(err));
	t = slurp(path);
	fakefs_remove(root);
	CHECK(r1 && r2 && !r3 && !r4, "%d %d %d %d (%s)", r1, r2, r3, r4, err);
	CHECK(t && !strcmp(t, "mpath0 " WWID_B "\nmpath1 " WWID_A "\n"),
	      "file '%s'", t);
	free(t);
}

/* --- the daemon never refuses to start over its config ------------------- */

struct daemon_case {
	const char *name, *conf;
	const char *err[2];	/* both in its stderr */
};

static const struct daemon_case daemon_cases[] = {
	/* fake_dm's maps: mpatha 8:16 F 8:32 A; every fake TUR says down. */
	{ "bad_value_warns", "defaults {\n\tpolling_interval 0\n}\n",
	  { "d.conf:2: warning: ", "<4>mpatha: failing path 8:32" } },
	{ "broken_file_checks_anyway", "defaults {\n\tpolling_interval 1\n",
	  { "d.conf:1: ", "<4>mpatha: failing path 8:32" } },
};

static void daemon_case(void **state)
{
	const struct daemon_case *c = *state;
	char root[] = "/tmp/mpath2-drob.XXXXXX", conf[64], *err = NULL;
	char *argv[] = { "mpath2ctl", "daemon", "--once", "--config", conf };
	struct cli_ctl ctl = { 0 };
	char why[2048] = "";
	size_t errlen = 0;
	int status, r = -1;

	CHECK(!fakefs_new(root) && !fakefs_puts(root, "d.conf", c->conf),
	      "cannot write the config");
	snprintf(conf, sizeof(conf), "%s/d.conf", root);
	ctl.out = stdout;
	ctl.err = open_memstream(&err, &errlen);
	status = cli_main((int)ARRAY_SIZE(argv), argv, &ctl);
	fclose(ctl.err);
	if (status)
		snprintf(why, sizeof(why), "exit %d; stderr: %s", status, err);
	else if (!strstr(err, c->err[0]) || !strstr(err, c->err[1]))
		snprintf(why, sizeof(why), "stderr '%s'", err);
	else
		r = 0;
	free(err);
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

void confrobust_tests(void)
{
	unit_case("tools/confrobust/overrides", overrides_section, NULL);
	unit_case("tools/confrobust/no_path_retry_0", no_path_retry_zero, NULL);
	unit_case("tools/confrobust/path_checker_rdac", path_checker_rdac, NULL);
	unit_case("tools/confrobust/hardware_handler_rdac",
		  hardware_handler_rdac, NULL);
	unit_case("tools/confrobust/group_by_node_name", group_by_node_name,
		  NULL);
	unit_case("tools/confrobust/blacklist_wwid_star", blacklist_wwid_star,
		  NULL);
	unit_case("tools/confrobust/alua_guide", alua_guide_settings, NULL);
	unit_case("tools/confrobust/pasted_vendor_blocks",
		  pasted_vendor_blocks, NULL);
	unit_case("tools/confrobust/unknown_sections_skipped",
		  unknown_sections_skipped, NULL);
	unit_case("tools/confrobust/checker_settings_warn",
		  checker_settings_warn, NULL);
	unit_case("tools/confrobust/unquoted_words", unquoted_words, NULL);
	unit_case("tools/confrobust/bad_sections_skipped", bad_sections_skipped,
		  NULL);
	unit_case("tools/confrobust/broken_structure_refused",
		  broken_structure_refused, NULL);
	UNIT_TABLE("tools/confrobust/daemon", daemon_case, daemon_cases);
	unit_case("tools/confrobust/config_show_reads_back",
		  config_show_reads_back, NULL);
	unit_case("tools/confrobust/config_show_verb", config_show_verb, NULL);
	unit_case("tools/confrobust/bindings_second_writer",
		  bindings_second_writer, NULL);
}
