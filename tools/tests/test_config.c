// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2.conf: good files, every refusal with its file:line, warnings,
 * precedence (multipath over device over defaults), blacklist and
 * exception matching, and the settings turned into table lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "table/table_conf.h"
#include "fakefs.h"
#include "cli/cli.h"
#include "unit.h"
#include "table/table.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"3600a0b80001234"

/* Parse @text as "t.conf"; what it printed in *@msgs (malloc'ed). */
static struct mpath2_conf *parse(const char *text, size_t len, char **msgs)
{
	struct mpath2_conf *c;
	size_t n = 0;
	FILE *f;

	*msgs = NULL;
	f = open_memstream(msgs, &n);
	if (!f)
		return NULL;
	c = config_parse("t.conf", text, len, f);
	fclose(f);
	return c;
}

/*
 * --- bad statements: each with its "t.conf:LINE: reason" ------------------
 * A broken structure (braces, a word where a section belongs, what the
 * tokens cannot be) refuses the file; anything else is one statement,
 * which warns ("t.conf:LINE: warning: reason...") while the file loads.
 */

struct bad_case {
	const char *name, *text;
	const char *msg;	/* the start of the one line on stderr, without
				 * "warning: " */
	int fatal;		/* the file is refused */
};

#define D(body)	"defaults {\n" body "\n}\n"	/* body on line 2 */

static const struct bad_case bad_cases[] = {
	/* structure */
	{ "unclosed_section", "# x\ndefaults {\n\tpolling_interval 5\n",
	  "t.conf:2: section defaults has no closing '}'", 1 },
	{ "unclosed_inner", "devices {\n device {\n  vendor X\n  product Y\n }\n",
	  "t.conf:1: section devices has no closing '}'", 1 },
	{ "stray_close", "defaults {\n}\n}\n", "t.conf:3: '}' without a section",
	  1 },
	{ "unknown_section", "\n\nfoo {\n bar 1\n}\n",
	  "t.conf:3: unknown section 'foo'", 0 },
	{ "unknown_subsection", D(" foo {\n }"),
	  "t.conf:2: unknown section 'foo' in defaults", 0 },
	{ "unknown_in_devices", "devices {\n  dev {\n  }\n}\n",
	  "t.conf:2: unknown section 'dev' in devices", 0 },
	{ "unknown_in_multipaths", "multipaths {\n  mp {\n  }\n}\n",
	  "t.conf:2: unknown section 'mp' in multipaths", 0 },
	{ "unknown_in_blacklist", "blacklist {\n  devices {\n  }\n}\n",
	  "t.conf:2: unknown section 'devices' in blacklist", 0 },
	{ "brace_on_next_line", "defaults\n{\n}\n",
	  "t.conf:1: 'defaults' outside any section (a section's '{' goes on"
	  " its line)", 1 },
	{ "keyword_outside", "polling_interval 5\n",
	  "t.conf:1: 'polling_interval' outside any section (a section's '{'"
	  " goes on its line)", 1 },
	{ "open_without_name", D("  {\n  }"), "t.conf:2: '{' without a section name", 0 },
	{ "string_as_keyword", D("  \"polling_interval\" 5"),
	  "t.conf:2: a quoted string where a keyword belongs", 0 },
	{ "string_at_top", "\"defaults\" {\n}\n",
	  "t.conf:1: a section name expected", 1 },
	/* values */
	{ "missing_value", D("\tpolling_interval\n\tfailback manual"),
	  "t.conf:2: 'polling_interval' has no value", 0 },
	{ "missing_value_before_close", "defaults {\n failback }\n",
	  "t.conf:2: 'failback' has no value", 0 },
	{ "two_values", D("\tpath_selector service-time 0"),
	  "t.conf:2: 'path_selector': several words, read as 'service-time 0'"
	  " (quote a value with blanks)", 0 },
	{ "value_then_brace", D("\tfailback manual {\n\t}"),
	  "t.conf:2: 'failback manual' followed by '{'", 1 },
	{ "unterminated_string", D("\tfailback \"manual\n"),
	  "t.conf:2: string not closed on its line", 1 },
	{ "nul_byte", "defaults {\n\tfailback ma\0nual\n}\n",
	  "t.conf:2: control character 0x00", 1 },
	{ "control_in_string", D("\tfailback \"ma\x01nual\""),
	  "t.conf:2: control character 0x01 in a string", 1 },
	{ "word_too_long", NULL, "t.conf:2: word longer than 1024 bytes", 1 },
	{ "not_a_number", D("\tpolling_interval 5s"),
	  "t.conf:2: polling_interval '5s': not a number", 0 },
	{ "negative", D("\tchecker_timeout -1"),
	  "t.conf:2: checker_timeout '-1': not a number", 0 },
	{ "poll_zero", D("\tpolling_interval 0"),
	  "t.conf:2: polling_interval 0: out of range 1..3600", 0 },
	{ "poll_huge", D("\tpolling_interval 99999999999999999999"),
	  "t.conf:2: polling_interval 99999999999999999999: out of range"
	  " 1..3600", 0 },
	{ "checker_timeout_high", D("\tchecker_timeout 601"),
	  "t.conf:2: checker_timeout 601: out of range 1..600", 0 },
	{ "max_poll_below_poll",
	  D("\tpolling_interval 10\n\tmax_polling_interval 9"),
	  "t.conf:3: max_polling_interval 9 is below polling_interval 10", 0 },
	{ "selector_unknown", D("\tpath_selector \"least-pending 0\""),
	  "t.conf:2: path_selector 'least-pending 0': not round-robin,"
	  " service-time, queue-length, historical-service-time or io-affinity",
	  0 },
	{ "selector_args", D("\tpath_selector \"service-time 1 2\""),
	  "t.conf:2: path_selector 'service-time 1 2': mpath2 takes no selector"
	  " arguments (write \"service-time 0\")", 0 },
	{ "grouping", D("\tpath_grouping_policy group_by_node_name"),
	  "t.conf:2: path_grouping_policy 'group_by_node_name': not failover,"
	  " multibus, group_by_prio or group_by_serial", 0 },
	{ "checker", D("\tpath_checker readsector0"),
	  "t.conf:2: path_checker 'readsector0': not tur or directio", 0 },
	{ "failback_word", D("\tfailback never"),
	  "t.conf:2: failback: not manual, immediate, followover or seconds"
	  " 1..3600", 0 },
	{ "failback_zero", D("\tfailback 0"),
	  "t.conf:2: failback 0: out of range 1..3600", 0 },
	{ "failback_high", D("\tfailback 3601"),
	  "t.conf:2: failback 3601: out of range 1..3600", 0 },
	{ "retry_word", D("\tno_path_retry forever"),
	  "t.conf:2: no_path_retry: not fail, queue or a number of polls"
	  " 1..86400", 0 },
	{ "retry_negative", D("\tno_path_retry -1"),
	  "t.conf:2: no_path_retry: not fail, queue or a number of polls"
	  " 1..86400", 0 },
	{ "retry_times_poll",
	  "multipaths {\n multipath {\n  wwid " WWID_A "\n  no_path_retry 9000"
	  "\n }\n}\ndefaults {\n polling_interval 10\n}\n",
	  "t.conf:4: no_path_retry 9000 polls of 10 s is more than 86400 s", 0 },
	{ "friendly_names", D("\tuser_friendly_names 1"),
	  "t.conf:2: user_friendly_names '1': not yes or no", 0 },
	{ "hwhandler", D("\thardware_handler \"1 emc\""),
	  "t.conf:2: hardware_handler '1 emc': not \"0\" or \"1 alua\"", 0 },
	{ "hold_failures_high", D("\thold_down_failures 17"),
	  "t.conf:2: hold_down_failures 17: out of range 0..16", 0 },
	{ "hold_window_zero", D("\thold_down_window 0"),
	  "t.conf:2: hold_down_window 0: out of range 1..3600", 0 },
	{ "hold_secs_high", D("\thold_down_secs 3601"),
	  "t.conf:2: hold_down_secs 3601: out of range 1..3600", 0 },
	{ "hold_incomplete", D("\thold_down_failures 3\n\thold_down_secs 10"),
	  "t.conf:2: hold_down_failures needs hold_down_window and"
	  " hold_down_secs in the same section", 0 },
	{ "hold_without_failures", D("\thold_down_window 10"),
	  "t.conf:2: hold_down_window without hold_down_failures in the same"
	  " section", 0 },
	/* sections' own keys */
	{ "device_no_product", "devices {\n device {\n  vendor X\n }\n}\n",
	  "t.conf:4: device needs vendor and product", 0 },
	{ "device_vendor_twice",
	  "devices {\n device {\n  vendor X\n  vendor Y\n }\n}\n",
	  "t.conf:4: vendor given twice", 0 },
	{ "device_empty_vendor", "devices {\n device {\n  vendor \"\"\n }\n}\n",
	  "t.conf:3: vendor is empty", 0 },
	{ "bad_regex", "blacklist {\n\tdevnode \"^(sd\"\n}\n",
	  "t.conf:2: devnode: regex '^(sd': ", 0 },
	{ "bad_regex_exception", "blacklist_exceptions {\n\tdevnode \"^(sd\"\n}\n",
	  "t.conf:2: devnode: regex '^(sd': ", 0 },
	{ "regex_blowup", "blacklist {\n\twwid \"(a{100}){100}\"\n}\n",
	  "t.conf:2: wwid: regex '(a{100}){100}': its repetitions expand past"
	  " 2048 states", 0 },
	{ "regex_stacked_plus", "blacklist {\n\twwid \"c++++++++++++\"\n}\n",
	  "t.conf:2: wwid: regex 'c++++++++++++': two repetitions in a row", 0 },
	{ "regex_stacked_star_bound", "blacklist {\n\twwid \"^3[0-9]*{2,}\"\n}\n",
	  "t.conf:2: wwid: regex '^3[0-9]*{2,}': two repetitions in a row", 0 },
	{ "regex_bound_then_plus", "blacklist {\n\twwid \"a{2}+\"\n}\n",
	  "t.conf:2: wwid: regex 'a{2}+': two repetitions in a row", 0 },
	{ "regex_backreference", "blacklist {\n\twwid \"(a)\\1\"\n}\n",
	  "t.conf:2: wwid: regex '(a)\\1': back-references are not supported", 0 },
	{ "regex_nested_star",
	  "blacklist {\n\twwid \"((((((((((((a*)*)*)*)*)*)*)*)*)*)*)*)\"\n}\n",
	  "t.conf:2: wwid: regex '((((((((((((a*)*)*)*)*)*)*)*)*)*)*)*)': its"
	  " repetitions expand past 2048 states", 0 },
	{ "regex_nested_plus",
	  "blacklist {\n\twwid \"((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)\"\n}\n",
	  "t.conf:2: wwid: regex '((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)': its"
	  " repetitions expand past 2048 states", 0 },
	{ "regex_too_long", NULL, "t.conf:2: devnode: regex longer than 256"
	  " bytes", 0 },
	{ "blacklist_device_empty", "blacklist {\n device {\n }\n}\n",
	  "t.conf:3: device needs a vendor or a product", 0 },
	{ "multipath_no_wwid",
	  "multipaths {\n multipath {\n  alias data\n }\n}\n",
	  "t.conf:4: multipath needs a wwid", 0 },
	{ "multipath_bad_wwid",
	  "multipaths {\n multipath {\n  wwid 9abc\n }\n}\n",
	  "t.conf:3: wwid '9abc': not a WWID as mpath2ctl wwid prints it", 0 },
	{ "multipath_bad_alias",
	  "multipaths {\n multipath {\n  wwid " WWID_A "\n  alias a/b\n }\n}\n",
	  "t.conf:4: alias: map name has a '/' or a control character", 0 },
	{ "multipath_wwid_twice",
	  "multipaths {\n multipath {\n  wwid " WWID_A "\n }\n"
	  " multipath {\n  wwid " WWID_A "\n }\n}\n",
	  "t.conf:5: wwid " WWID_A " already has a multipath section (line 2)", 0 },
	{ "multipath_alias_twice",
	  "multipaths {\n multipath {\n  wwid " WWID_A "\n  alias d\n }\n"
	  " multipath {\n  wwid " WWID_B "\n  alias d\n }\n}\n",
	  "t.conf:6: alias 'd' already names wwid " WWID_A " (line 2)", 0 },
};

static char *long_word_file(const char *fmt, size_t n)
{
	char *word = malloc(n + 1), *text = malloc(n + 64);

	if (!word || !text) {
		free(word);
		free(text);
		return NULL;
	}
	memset(word, 'a', n);
	word[n] = '\0';
	snprintf(text, n + 64, fmt, word);
	free(word);
	return text;
}

static void bad_case(void **state)
{
	const struct bad_case *c = *state;
	struct mpath2_conf *conf;
	char *text = NULL, *msgs, want[512];
	const char *colon;
	size_t n;

	if (!strcmp(c->name, "word_too_long"))
		text = long_word_file("defaults {\n failback %s\n}\n", 1025);
	else if (!strcmp(c->name, "regex_too_long"))
		text = long_word_file("blacklist {\n devnode %s\n}\n", 257);
	n = text ? strlen(text) : c->text ? strlen(c->text) : 0;
	if (!strcmp(c->name, "nul_byte"))	/* and what follows the NUL */
		n += 1 + strlen(c->text + n + 1);
	conf = parse(text ? text : c->text, n, &msgs);
	free(text);
	/* "t.conf:N: reason" as a warning: "t.conf:N: warning: reason" */
	colon = strchr(c->msg + strlen("t.conf:"), ':');
	snprintf(want, sizeof(want), "%.*s%s%s", (int)(colon + 2 - c->msg),
		 c->msg, c->fatal ? "" : "warning: ", colon + 2);
	if (!conf != !!c->fatal) {
		config_free(conf);
		print_error("%s (stderr '%s')\n", conf ? "accepted" : "refused",
			    msgs);
		free(msgs);
		fail();
	}
	config_free(conf);
	if (strncmp(msgs, want, strlen(want)) ||
	    strchr(msgs, '\n') != msgs + strlen(msgs) - 1) {
		print_error("stderr '%s', not '%s'\n", msgs, want);
		free(msgs);
		fail();
	}
	free(msgs);
}

/* --- good files ----------------------------------------------------------- */

static const char good_file[] =
	"# mpath2.conf, multipath.conf style\n"
	"defaults {\n"					/* 2 */
	"\tpolling_interval 10\n"
	"\tpath_selector \"service-time 0\"\n"
	"\tpath_grouping_policy multibus\n"
	"\tpath_checker directio\n"
	"\tfailback immediate  ! a comment\n"
	"\tno_path_retry 12\n"
	"\tuser_friendly_names no\n"
	"\tchecker_timeout 20\n"
	"\tfind_multipaths yes\n"			/* 11 */
	"}\n"
	"blacklist {\n"
	"\tdevnode \"^(ram|loop|sr)[0-9]\"\n"
	"\twwid \"^3600a0b\"\n"
	"\twwid \"^(3|2)[0-9a-f]{8,32}\\\\.x*[]a]?[[:digit:]]+$\"\n"
	"\tdevice {\n"
	"\t\tvendor \"ACME\"\n"
	"\t\tproduct \"Tape.*\"\n"
	"\t}\n"
	"}\n"
	"blacklist_exceptions {\n"
	"\twwid \"^3600a0b8000\"\n"
	"}\n"
	"devices {\n"
	"\tdevice {\n"
	"\t\tvendor \"LIO-ORG\"\n"
	"\t\tproduct \".*\"\n"
	"\t\tpath_grouping_policy failover\n"
	"\t\thardware_handler \"1 alua\"\n"
	"\t\tpolling_interval 3\n"			/* 31: warning */
	"\t\thold_down_failures 3\n"
	"\t\thold_down_window 60\n"
	"\t\thold_down_secs 30\n"
	"\t}\n"
	"\tdevice {\n"
	"\t\tvendor \"LIO\"\n"
	"\t\tproduct \"^disk$\"\n"
	"\t\tno_path_retry queue\n"
	"\t}\n"
	"}\n"
	"multipaths {\n"
	"\tmultipath {\n"
	"\t\twwid " WWID_A "\n"
	"\t\talias \"data\"\n"
	"\t\tfailback 30\n"
	"\t\thold_down_failures 0\n"
	"\t}\n"
	"}\n";

static void good_defaults(void **state)
{
	const struct config_settings *d;
	struct mpath2_conf *c;
	char *msgs;

	(void)state;
	c = parse(good_file, strlen(good_file), &msgs);
	CHECK(c, "refused: %s", msgs);
	d = config_defaults(c);
	CHECK(d->polling_interval == 10 && d->max_polling_interval == 40 &&
	      d->checker_timeout == 20 &&
	      !strcmp(d->path_selector, "service-time 0") &&
	      d->grouping == GROUP_MULTIBUS && d->checker == CHECKER_DIRECTIO &&
	      !strcmp(d->failback, "immediate") && d->no_path_retry == 12 &&
	      !d->user_friendly_names && !d->hwhandler[0] &&
	      !d->hold_down_failures && d->find_multipaths == FIND_YES &&
	      d->find_multipaths_timeout == 10, "defaults wrong");
	CHECK(!strcmp(msgs, "t.conf:31: warning: polling_interval belongs in"
		      " defaults, ignored in device\n"), "stderr '%s'", msgs);
	free(msgs);
	config_free(c);
}

/* multipath over device (later devices over earlier) over defaults. */
static void precedence(void **state)
{
	struct config_settings s;
	struct mpath2_conf *c;
	char *msgs;

	(void)state;
	c = parse(good_file, strlen(good_file), &msgs);
	CHECK(c, "refused: %s", msgs);
	free(msgs);
	/* Both devices match LIO-ORG/disk; the multipath entry too. */
	config_resolve(c, WWID_A, "LIO-ORG", "disk", &s);
	CHECK(s.grouping == GROUP_FAILOVER && !strcmp(s.hwhandler, "alua") &&
	      s.no_path_retry == CONF_NO_PATH_RETRY_QUEUE &&
	      !strcmp(s.failback, "30") && s.hold_down_failures == 0 &&
	      s.hold_down_window == 0 && s.polling_interval == 10,
	      "wwid A: grp %d hw '%s' npr %d fb '%s' hd %d/%d", s.grouping,
	      s.hwhandler, s.no_path_retry, s.failback, s.hold_down_failures,
	      s.hold_down_window);
	/* The first device only; no multipath entry. */
	config_resolve(c, WWID_B, "LIO-ORG", "lun7", &s);
	CHECK(s.grouping == GROUP_FAILOVER && s.no_path_retry == 12 &&
	      !strcmp(s.failback, "immediate") && s.hold_down_failures == 3 &&
	      s.hold_down_window == 60 && s.hold_down_secs == 30,
	      "LIO-ORG/lun7");
	/* Unknown vendor: defaults; unknown everything too. */
	config_resolve(c, WWID_B, NULL, "disk", &s);
	CHECK(s.grouping == GROUP_MULTIBUS && !s.hwhandler[0], "no vendor");
	config_resolve(c, NULL, NULL, NULL, &s);
	CHECK(s.grouping == GROUP_MULTIBUS && s.no_path_retry == 12, "nothing");
	CHECK(!strcmp(config_alias(c, WWID_A), "data") && !config_alias(c, WWID_B) &&
	      !config_alias(c, NULL), "aliases");
	CHECK(!config_any_friendly(c), "friendly");
	config_free(c);
}

static void builtin_defaults(void **state)
{
	struct mpath2_conf *c = config_default(), *e;
	const struct config_settings *d;
	struct config_settings s;
	char *msgs;

	(void)state;
	CHECK(c, "no memory");
	d = config_defaults(c);
	CHECK(d->polling_interval == 5 && d->max_polling_interval == 20 &&
	      d->checker_timeout == 30 &&
	      !strcmp(d->path_selector, "round-robin 0") &&
	      d->grouping == GROUP_FAILOVER && d->checker == CHECKER_TUR &&
	      !strcmp(d->failback, "manual") &&
	      d->no_path_retry == CONF_NO_PATH_RETRY_FAIL &&
	      !d->user_friendly_names && !d->hwhandler[0] &&
	      !d->hold_down_failures && !d->hold_down_window &&
	      !d->hold_down_secs, "built-in defaults");
	config_resolve(c, WWID_A, "LIO-ORG", "disk", &s);
	CHECK(!memcmp(&s, d, sizeof(s)), "resolve differs from defaults");
	CHECK(!config_blacklisted(c, "sda", WWID_A, "X", "Y"), "blacklisted");
	config_free(c);
	/* An empty file, comments only, CRLF: the same. */
	e = parse("# nothing\r\n\r\n  ! here\n",
		  strlen("# nothing\r\n\r\n  ! here\n"), &msgs);
	CHECK(e && !msgs[0], "empty file: %s", msgs);
	CHECK(config_defaults(e)->polling_interval == 5, "empty file");
	free(msgs);
	config_free(e);
}

/* Quoting, one-line sections, "checker", max_polling_interval given. */
static void syntax_variants(void **state)
{
	static const char text[] =
		"defaults { polling_interval 2 }\n"
		"defaults {\n"
		"  checker \"tur\"\n"
		"  max_polling_interval 2\n"
		"  hardware_handler 0\n"
		"  user_friendly_names yes\n"
		"  failback \"fol\"\"lowover\"\n"	/* fol"lowover: no map */
		"}\n";
	static const char text2[] =
		"blacklist { devnode \"a\"\"b\" }\n"
		"multipaths { multipath { wwid \"" WWID_A "\" } }\n";
	const struct config_settings *d;
	struct mpath2_conf *c;
	char *msgs;

	(void)state;
	c = parse(text, strlen(text), &msgs);
	CHECK(c && strstr(msgs, "t.conf:7: warning: failback: not manual"),
	      "'%s'", msgs);
	free(msgs);
	config_free(c);
	c = parse(text, strstr(text, "  failback") - text, &msgs);
	CHECK(!c && strstr(msgs, "t.conf:2: section defaults has no closing"),
	      "cut: '%s'", msgs);
	free(msgs);
	c = parse(text2, strlen(text2), &msgs);
	CHECK(c, "refused: %s", msgs);
	CHECK(config_blacklisted(c, "xa\"by", NULL, NULL, NULL) &&
	      !config_blacklisted(c, "ab", NULL, NULL, NULL), "quote in regex");
	CHECK(!config_alias(c, WWID_A), "alias without one");
	free(msgs);
	config_free(c);
	{
		char fixed[sizeof(text)];

		snprintf(fixed, sizeof(fixed), "%.*s}\n",
			 (int)(strstr(text, "  failback") - text), text);
		c = parse(fixed, strlen(fixed), &msgs);
		CHECK(c, "refused: %s", msgs);
		d = config_defaults(c);
		CHECK(d->polling_interval == 2 && d->max_polling_interval == 2 &&
		      d->checker == CHECKER_TUR && d->user_friendly_names &&
		      config_any_friendly(c), "values");
		free(msgs);
		config_free(c);
	}
}

/* --- blacklist ------------------------------------------------------------ */

static const char bl_file[] =
	"blacklist {\n"
	"  devnode \"^sd[a-c]$\"\n"			/* 2 */
	"  wwid \"^3600a\"\n"				/* 3 */
	"  device {\n"					/* 4 */
	"    vendor \"^ACME\"\n"
	"  }\n"
	"  device {\n"					/* 7 */
	"    product \"TAPE\"\n"
	"  }\n"
	"  property \"ID_ATA\"\n"			/* 10: warning */
	"}\n"
	"blacklist_exceptions {\n"
	"  devnode \"^sdb\"\n"
	"  wwid \"^3600a0b\"\n"
	"  device {\n"
	"    vendor \"ACME\"\n"
	"    product \"Keep\"\n"
	"  }\n"
	"}\n";

struct bl_case {
	const char *devnode, *wwid, *vendor, *product;
	const char *why;	/* NULL: not blacklisted */
};

static const struct bl_case bl_cases[] = {
	{ "sda", "31", "X", "Y", "devnode \"^sd[a-c]$\" (line 2)" },
	{ "sdb", "31", "X", "Y", NULL },		/* devnode exception */
	{ "sdd", "31", "X", "Y", NULL },
	{ "sdaa", "31", "X", "Y", NULL },		/* not anchored at $ */
	{ "sdb", "3600a0c1", "X", "Y", "wwid \"^3600a\" (line 3)" },
	{ "sdd", "3600a0b1", "X", "Y", NULL },		/* wwid exception */
	{ "sdd", "31", "ACMEX", "disk", "device vendor \"^ACME\" product"
	  " \".*\" (line 4)" },
	{ "sdd", "31", "ACME", "Keep it", NULL },	/* device exception */
	{ "sdd", "31", "xACME", "disk", NULL },
	{ "sdd", "31", "LIO", "MYTAPE2", "device vendor \".*\" product"
	  " \"TAPE\" (line 7)" },
	{ "sdd", "31", NULL, "TAPE", "device vendor \".*\" product \"TAPE\""
	  " (line 7)" },
	{ "sdd", "31", "ACME", NULL, "device vendor \"^ACME\" product \".*\""
	  " (line 4)" },
	/* An exception of another kind does not undo a match. */
	{ "sdb", "3600a0c1", "ACME", "Keep", "wwid \"^3600a\" (line 3)" },
	{ "sda", "3600a0b1", "ACME", "Keep", "devnode \"^sd[a-c]$\" (line 2)" },
	{ NULL, NULL, NULL, NULL, NULL },
	{ NULL, "3600a9", NULL, NULL, "wwid \"^3600a\" (line 3)" },
};

static void blacklist_matching(void **state)
{
	struct mpath2_conf *c;
	char *msgs, reason[256];
	size_t i;
	bool r;

	(void)state;
	c = parse(bl_file, strlen(bl_file), &msgs);
	CHECK(c, "refused: %s", msgs);
	CHECK(!strcmp(msgs, "t.conf:10: warning: unknown keyword 'property' in"
		      " blacklist, ignored\n"), "stderr '%s'", msgs);
	free(msgs);
	for (i = 0; i < ARRAY_SIZE(bl_cases); i++) {
		const struct bl_case *b = &bl_cases[i];

		reason[0] = '\0';
		r = config_blacklist_why(c, b->devnode, b->wwid, b->vendor,
				       b->product, reason, sizeof(reason));
		if (r != !!b->why || (b->why && strcmp(reason, b->why)) ||
		    r != config_blacklisted(c, b->devnode, b->wwid, b->vendor,
					  b->product)) {
			print_error("case %zu (%s %s %s %s): %d '%s'\n", i,
				    b->devnode, b->wwid, b->vendor, b->product,
				    r, reason);
			config_free(c);
			fail();
		}
	}
	config_free(c);
}

/* --- files on disk -------------------------------------------------------- */

static void load_files(void **state)
{
	char root[] = "/tmp/mpath2ctl-conf.XXXXXX", path[256], *msgs = NULL;
	struct mpath2_conf *c;
	size_t n = 0;
	FILE *f;
	int r = -1;
	char why[2048] = "";

	(void)state;
	if (fakefs_new(root))
		fail_msg("mkdtemp");
	f = open_memstream(&msgs, &n);
	snprintf(path, sizeof(path), "%s/missing.conf", root);
	c = config_load(path, f);
	if (!c || config_defaults(c)->polling_interval != 5) {
		snprintf(why, sizeof(why), "missing file is not the defaults");
		goto out;
	}
	config_free(c);
	snprintf(path, sizeof(path), "%s/bad.conf", root);
	fakefs_puts(root, "bad.conf", "defaults {\n  failback x\n");
	c = config_load(path, f);
	fflush(f);
	if (c || !strstr(msgs, "/bad.conf:1: section defaults has no closing")) {
		snprintf(why, sizeof(why), "bad file: '%s'", msgs);
		config_free(c);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/dir.conf", root);
	fakefs_mkdir(root, "dir.conf");
	c = config_load(path, f);
	fflush(f);
	if (c || !strstr(msgs, "/dir.conf: Is a directory")) {
		snprintf(why, sizeof(why), "directory: '%s'", msgs);
		config_free(c);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/good.conf", root);
	fakefs_puts(root, "good.conf", "defaults {\n  polling_interval 7\n}\n");
	c = config_load(path, NULL);
	r = c && config_defaults(c)->max_polling_interval == 28 ? 0 : -1;
	if (r)
		snprintf(why, sizeof(why), "good file");
	config_free(c);
out:
	fclose(f);
	free(msgs);
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

/* docs/examples/mpath2.conf.example: accepted without a word, as documented. */
static void example_file(void **state)
{
	struct mpath2_conf *c;
	struct config_settings s;
	char *msgs = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&msgs, &n);
	CHECK(f, "open_memstream");
	c = config_load("../docs/examples/mpath2.conf.example", f);
	fclose(f);
	CHECK(c && !n, "refused or warned: '%s'", msgs);
	free(msgs);
	config_resolve(c, WWID_A, "LIO-ORG", "disk", &s);
	CHECK(!strcmp(config_alias(c, WWID_A), "data") &&
	      !strcmp(s.path_selector, "service-time 0") &&
	      s.no_path_retry == CONF_NO_PATH_RETRY_QUEUE &&
	      !strcmp(s.hwhandler, "alua") && s.hold_down_failures == 3,
	      "resolved settings");
	CHECK(config_blacklisted(c, "sr0", NULL, NULL, NULL) &&
	      config_blacklisted(c, "sdz", NULL, "QEMU", "QEMU HARDDISK") &&
	      !config_blacklisted(c, "sdb", WWID_A, "LIO-ORG", "disk"),
	      "blacklist");
	config_free(c);
}

/* --- settings into table lines (table_conf.c) -------------------------------- */

struct map_case {
	const char *name, *conf;
	unsigned int given;	/* TABLE_GIVEN_*: kept at table_default_opts() */
	const char *expect;	/* NULL: refused with @why */
	const char *why;
};

static const struct map_case map_cases[] = {
	{ "defaults", "", 0, "0 0 1 1 round-robin 0 1 1 8:16 1", NULL },
	{ "all_settings",
	  D("\tpolling_interval 10\n\tpath_selector \"queue-length 0\"\n"
	    "\tno_path_retry 6\n\tfailback followover\n"
	    "\thardware_handler \"1 alua\"\n\thold_down_failures 2\n"
	    "\thold_down_window 60\n\thold_down_secs 120"), 0,
	  "9 queue_if_no_path no_path_timeout 60 failback followover hold_down"
	  " 2 60 120 1 alua 1 1 queue-length 0 1 1 8:16 1", NULL },
	{ "command_line_wins",
	  D("\tpath_selector \"queue-length 0\"\n\tno_path_retry queue\n"
	    "\tfailback 30\n\thardware_handler alua"),
	  TABLE_GIVEN_SELECTOR | TABLE_GIVEN_RETRY | TABLE_GIVEN_FAILBACK |
	  TABLE_GIVEN_HWHANDLER, "0 0 1 1 round-robin 0 1 1 8:16 1", NULL },
	{ "retry_queue", D("\tno_path_retry queue"), 0,
	  "1 queue_if_no_path 0 1 1 round-robin 0 1 1 8:16 1", NULL },
	/* Taken now; the table then needs each path's group (group.h). */
	{ "group_by_prio_needs_groups",
	  D("\tpath_grouping_policy group_by_prio"), 0, NULL,
	  "group_by_prio: the paths' groups are not known" },
	{ "group_by_serial_needs_groups",
	  D("\tpath_grouping_policy group_by_serial"), TABLE_GIVEN_SELECTOR,
	  NULL, "group_by_serial: the paths' groups are not known" },
	{ "group_given_wins", D("\tpath_grouping_policy group_by_serial"),
	  TABLE_GIVEN_GROUPING, "0 0 1 1 round-robin 0 1 1 8:16 1", NULL },
};

static void map_case(void **state)
{
	static const struct tbl_path path = { 8, 16 };
	const struct map_case *c = *state;
	struct mpath2_conf *conf;
	struct config_settings s;
	char *msgs, line[512], err[256] = "";
	struct tbl_opts o;
	int r;

	conf = parse(c->conf, strlen(c->conf), &msgs);
	CHECK(conf, "refused: %s", msgs);
	free(msgs);
	config_resolve(conf, WWID_A, "V", "P", &s);
	config_free(conf);
	table_default_opts(&o);
	o.given = c->given;
	r = table_conf_apply(&o, &s, err, sizeof(err));
	if (!r)
		r = table_build(&o, &path, 1, line, sizeof(line), err, sizeof(err));
	if (!c->expect) {
		CHECK(r && strstr(err, c->why), "r=%d '%s'", r, err);
		return;
	}
	CHECK(!r, "refused: %s", err);
	CHECK(!strcmp(line, c->expect), "got '%s'", line);
}

/* The command line's no_path_retry with a slower poll: over 86400 s. */
static void retry_times_poll_refused(void **state)
{
	static const struct tbl_path path = { 8, 16 };
	char line[512], err[256] = "";
	struct tbl_opts o;

	(void)state;
	table_default_opts(&o);
	o.no_path_retry = 17280;
	o.poll_secs = 10;
	CHECK(table_build(&o, &path, 1, line, sizeof(line), err, sizeof(err)) &&
	      strstr(err, "no_path_retry 17280 polls of 10 s is more than 86400"),
	      "'%s'", err);
	o.poll_secs = 5;
	o.hold_down[0] = 17;
	o.hold_down[1] = o.hold_down[2] = 1;
	CHECK(table_build(&o, &path, 1, line, sizeof(line), err, sizeof(err)) &&
	      strstr(err, "hold_down 17 1 1: out of range"), "'%s'", err);
}

/* Vendor and model from sysfs, trailing blanks gone. */
static void vendor_product(void **state)
{
	char root[] = "/tmp/mpath2ctl-vp.XXXXXX", vendor[CONF_VENDOR_LEN],
	     product[CONF_PRODUCT_LEN];

	(void)state;
	if (fakefs_new(root))
		fail_msg("mkdtemp");
	fakefs_puts(root, "device/vendor", "LIO-ORG \n");
	fakefs_puts(root, "device/model", "lun_a           \n");
	table_conf_vendor_product(root, vendor, product);
	fakefs_remove(root);
	CHECK(!strcmp(vendor, "LIO-ORG") && !strcmp(product, "lun_a"),
	      "'%s' '%s'", vendor, product);
	table_conf_vendor_product("/nonexistent", vendor, product);
	CHECK(!vendor[0] && !product[0], "missing files");
}

/* create --dry-run through cli_main(): the config fills the rest. */
static void create_uses_config(void **state)
{
	static const char conf[] =
		"defaults {\n polling_interval 10\n"
		" path_grouping_policy multibus\n failback 30\n}\n"
		"multipaths {\n multipath {\n  wwid " WWID_A "\n"
		"  no_path_retry 6\n }\n}\n";
	char root[] = "/tmp/mpath2ctl-cconf.XXXXXX", path[256], *out = NULL,
	     *err = NULL;
	char *argv[] = { "mpath2ctl", "-v", "--config", path, "create", "lun0",
			 "--dry-run", "--selector", "queue-length", "8:16",
			 "8:32" };
	struct cli_ctl ctl = { 0 };
	size_t outlen = 0, errlen = 0;
	int status, r = -1;
	char why[2048] = "";

	(void)state;
	if (fakefs_new(root) || fakefs_puts(root, "c.conf", conf))
		fail_msg("cannot write the config");
	snprintf(path, sizeof(path), "%s/c.conf", root);
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = fake_sysfs;
	status = cli_main((int)ARRAY_SIZE(argv), argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	if (status || errlen)
		snprintf(why, sizeof(why), "status %d, stderr '%s'", status, err);
	else if (strcmp(out, "0 2097152 mpath2 5 queue_if_no_path no_path_timeout"
			" 60 failback 30 0 1 1 queue-length 0 2 1 8:16 1 8:32 1\n"))
		snprintf(why, sizeof(why), "stdout '%s'", out);
	else
		r = 0;
	free(out);
	free(err);
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

void config_tests(void)
{
	UNIT_TABLE("tools/config/bad", bad_case, bad_cases);
	unit_case("tools/config/good_file_defaults", good_defaults, NULL);
	unit_case("tools/config/precedence", precedence, NULL);
	unit_case("tools/config/builtin_defaults", builtin_defaults, NULL);
	unit_case("tools/config/syntax_variants", syntax_variants, NULL);
	unit_case("tools/config/blacklist_matching", blacklist_matching, NULL);
	unit_case("tools/config/load_files", load_files, NULL);
	unit_case("tools/config/example_file", example_file, NULL);
	UNIT_TABLE("tools/config/table", map_case, map_cases);
	unit_case("tools/config/table/retry_times_poll_refused",
		 retry_times_poll_refused, NULL);
	unit_case("tools/config/vendor_product", vendor_product, NULL);
	unit_case("tools/config/create_uses_config", create_uses_config, NULL);
}
