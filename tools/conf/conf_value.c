// SPDX-License-Identifier: GPL-2.0-only
/*
 * Each settings keyword of mpath2.conf, its check, and how levels merge
 * (see conf_value.h). The ranges are the kernel target's where it has one
 * (failback, hold_down, no_path_timeout), else what an admin would
 * call sane; docs/man/mpath2.conf.5 lists them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_value.h"
#include "lib/pr.h"
#include "lib/validate.h"

static const char *const key_names[KEY_NR] = {
	[KEY_POLLING_INTERVAL] = "polling_interval",
	[KEY_MAX_POLLING_INTERVAL] = "max_polling_interval",
	[KEY_CHECKER_TIMEOUT] = "checker_timeout",
	[KEY_PATH_SELECTOR] = "path_selector",
	[KEY_GROUPING] = "path_grouping_policy",
	[KEY_CHECKER] = "path_checker",
	[KEY_FAILBACK] = "failback",
	[KEY_NO_PATH_RETRY] = "no_path_retry",
	[KEY_FRIENDLY_NAMES] = "user_friendly_names",
	[KEY_HWHANDLER] = "hardware_handler",
	[KEY_HOLD_FAILURES] = "hold_down_failures",
	[KEY_HOLD_WINDOW] = "hold_down_window",
	[KEY_HOLD_SECS] = "hold_down_secs",
	[KEY_FIND_MULTIPATHS] = "find_multipaths",
	[KEY_FIND_TIMEOUT] = "find_multipaths_timeout",
	[KEY_RESERVATION_KEY] = "reservation_key",
	[KEY_QUEUE_WITHOUT_DAEMON] = "queue_without_daemon",
};

static const char *const selectors[] = {
	"round-robin", "service-time", "queue-length", "historical-service-time",
	"io-affinity",
};

static const char *const groupings[] = {
	[GROUP_FAILOVER] = "failover",
	[GROUP_MULTIBUS] = "multibus",
	[GROUP_BY_PRIO] = "group_by_prio",
	[GROUP_BY_SERIAL] = "group_by_serial",
};

static const char *const finds[] = {
	[FIND_STRICT] = "strict",
	[FIND_YES] = "yes",
	[FIND_GREEDY] = "greedy",
	[FIND_SMART] = "smart",
};

#define NR(a) (sizeof(a) / sizeof((a)[0]))

void conf_value_builtin(struct config_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->polling_interval = 5;
	s->max_polling_interval = 4 * 5;
	s->checker_timeout = 30;
	snprintf(s->path_selector, sizeof(s->path_selector), "round-robin 0");
	s->grouping = GROUP_FAILOVER;
	s->checker = CHECKER_TUR;
	snprintf(s->failback, sizeof(s->failback), "manual");
	s->no_path_retry = CONF_NO_PATH_RETRY_FAIL;
	s->user_friendly_names = false;
	s->find_multipaths = FIND_STRICT;
	s->find_multipaths_timeout = 10;
}

int conf_value_key(const char *word)
{
	size_t i;

	if (!strcmp(word, "checker"))	/* multipath's old name */
		return KEY_CHECKER;
	for (i = 0; i < KEY_NR; i++)
		if (!strcmp(word, key_names[i]))
			return (int)i;
	return -1;
}

const char *conf_value_name(enum conf_key key)
{
	return (unsigned int)key < KEY_NR ? key_names[key] : "?";
}

bool conf_value_defaults_only(enum conf_key key)
{
	return key == KEY_POLLING_INTERVAL || key == KEY_MAX_POLLING_INTERVAL ||
	       key == KEY_FIND_MULTIPATHS || key == KEY_FIND_TIMEOUT ||
	       key == KEY_QUEUE_WITHOUT_DAEMON;
}

bool conf_value_map_key(enum conf_key key)
{
	switch (key) {
	case KEY_PATH_SELECTOR:
	case KEY_GROUPING:
	case KEY_FAILBACK:
	case KEY_NO_PATH_RETRY:
	case KEY_HWHANDLER:
	case KEY_HOLD_FAILURES:
	case KEY_HOLD_WINDOW:
	case KEY_HOLD_SECS:
		return true;
	default:
		return false;
	}
}

int conf_value_refuse(struct conf_level *lv, enum conf_key key, int line,
		      const char *name, const char *why)
{
	size_t n = strlen(name) + strlen(why) + 16;
	char *s;

	if ((unsigned int)key >= KEY_NR)
		return -1;
	s = malloc(n);
	if (!s)
		return -1;
	snprintf(s, n, "%s:%d: %s", name, line, why);
	free(lv->why[key]);
	lv->why[key] = s;
	lv->bad |= 1u << key;
	lv->given &= ~(1u << key);
	lv->line[key] = line;
	return 0;
}

void conf_value_level_free(struct conf_level *lv)
{
	size_t i;

	for (i = 0; i < KEY_NR; i++) {
		free(lv->why[i]);
		lv->why[i] = NULL;
	}
}

/* Index of @v in @words, or -1. */
static int word_index(const char *v, const char *const *words, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (words[i] && !strcmp(v, words[i]))
			return (int)i;
	return -1;
}

/* Decimal @v in @min..@max; -1 with "not a number" or "out of range". */
static int number(enum conf_key key, const char *v, int min, int max,
		  int *out, char *err, size_t errlen)
{
	long long n = 0;
	const char *p;
	char q[48];

	if (!*v || strspn(v, "0123456789") != strlen(v)) {
		snprintf(err, errlen, "%s '%s': not a number", key_names[key],
			 validate_printable(v, q, sizeof(q)));
		return -1;
	}
	for (p = v; *p && n <= max; p++)
		n = n * 10 + (*p - '0');
	if (n < min || n > max) {
		snprintf(err, errlen, "%s %s: out of range %d..%d", key_names[key],
			 validate_printable(v, q, sizeof(q)), min, max);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* "round-robin 0", "round-robin": one of the five, no arguments. */
static int parse_selector(const char *v, struct config_settings *s, char *err,
			  size_t errlen)
{
	char name[32], q[48];
	size_t n = strcspn(v, " \t");
	const char *rest = v + n + strspn(v + n, " \t");

	snprintf(name, sizeof(name), "%.*s", n < 31 ? (int)n : 31, v);
	if (n >= sizeof(name) || word_index(name, selectors, NR(selectors)) < 0) {
		snprintf(err, errlen, "path_selector '%s': not round-robin,"
			 " service-time, queue-length, historical-service-time"
			 " or io-affinity",
			 validate_printable(v, q, sizeof(q)));
		return -1;
	}
	if (*rest && strcmp(rest, "0")) {
		snprintf(err, errlen, "path_selector '%s': mpath2 takes no"
			 " selector arguments (write \"%s 0\")",
			 validate_printable(v, q, sizeof(q)), name);
		return -1;
	}
	snprintf(s->path_selector, sizeof(s->path_selector), "%s 0", name);
	return 0;
}

static int parse_failback(const char *v, struct config_settings *s, char *err,
			  size_t errlen)
{
	static const char *const words[] = { "manual", "immediate",
					     "followover" };
	int secs;

	if (word_index(v, words, NR(words)) < 0) {
		if (number(KEY_FAILBACK, v, 1, CONF_FAILBACK_MAX, &secs, err,
			   errlen)) {
			if (strstr(err, "not a number"))
				snprintf(err, errlen, "failback: not manual,"
					 " immediate, followover or seconds"
					 " 1..%d", CONF_FAILBACK_MAX);
			return -1;
		}
	}
	snprintf(s->failback, sizeof(s->failback), "%s", v);
	return 0;
}

static int parse_no_path_retry(const char *v, struct config_settings *s,
			       char *err, size_t errlen)
{
	/* multipath-tools: 0 is fail. */
	if (!strcmp(v, "fail") || !strcmp(v, "0")) {
		s->no_path_retry = CONF_NO_PATH_RETRY_FAIL;
		return 0;
	}
	if (!strcmp(v, "queue")) {
		s->no_path_retry = CONF_NO_PATH_RETRY_QUEUE;
		return 0;
	}
	if (number(KEY_NO_PATH_RETRY, v, 1, CONF_RETRY_MAX, &s->no_path_retry,
		   err, errlen)) {
		if (strstr(err, "not a number"))
			snprintf(err, errlen, "no_path_retry: not fail, queue or"
				 " a number of polls 1..%d", CONF_RETRY_MAX);
		return -1;
	}
	return 0;
}

/* multipath's "1 alua" and "0", or just "alua". */
static int parse_hwhandler(const char *v, struct config_settings *s,
			   char *err, size_t errlen)
{
	char q[48];

	if (!strcmp(v, "0") || !strcmp(v, "")) {
		s->hwhandler[0] = '\0';
		return 0;
	}
	if (!strcmp(v, "1 alua") || !strcmp(v, "alua")) {
		snprintf(s->hwhandler, sizeof(s->hwhandler), "alua");
		return 0;
	}
	snprintf(err, errlen, "hardware_handler '%s': not \"0\" or \"1 alua\"",
		 validate_printable(v, q, sizeof(q)));
	return -1;
}

/* A keyword whose value is one of @words: its index in *@out. */
static int one_of(enum conf_key key, const char *v, const char *const *words,
		  size_t nr, const char *list, int *out, char *err,
		  size_t errlen)
{
	char q[48];

	*out = word_index(v, words, nr);
	if (*out >= 0)
		return 0;
	snprintf(err, errlen, "%s '%s': not %s", key_names[key],
		 validate_printable(v, q, sizeof(q)), list);
	return -1;
}

static int parse_value(enum conf_key key, const char *v,
		       struct config_settings *s, char *err, size_t errlen)
{
	static const char *const checkers[] = { "tur", "directio" };
	static const char *const yes_no[] = { "no", "yes" };
	int i, r;

	switch (key) {
	case KEY_POLLING_INTERVAL:
		return number(key, v, CONF_POLL_MIN, CONF_POLL_MAX,
			      &s->polling_interval, err, errlen);
	case KEY_MAX_POLLING_INTERVAL:
		return number(key, v, CONF_POLL_MIN, CONF_MAX_POLL_MAX,
			      &s->max_polling_interval, err, errlen);
	case KEY_CHECKER_TIMEOUT:
		return number(key, v, CONF_CHECKER_TIMEOUT_MIN,
			      CONF_CHECKER_TIMEOUT_MAX, &s->checker_timeout,
			      err, errlen);
	case KEY_PATH_SELECTOR:
		return parse_selector(v, s, err, errlen);
	case KEY_GROUPING:
		r = one_of(key, v, groupings, NR(groupings), "failover, multibus,"
			   " group_by_prio or group_by_serial", &i, err, errlen);
		s->grouping = r ? s->grouping : (enum config_grouping)i;
		return r;
	case KEY_CHECKER:
		r = one_of(key, v, checkers, NR(checkers), "tur or directio", &i,
			   err, errlen);
		s->checker = r ? s->checker : (enum config_checker)i;
		return r;
	case KEY_FAILBACK:
		return parse_failback(v, s, err, errlen);
	case KEY_NO_PATH_RETRY:
		return parse_no_path_retry(v, s, err, errlen);
	case KEY_FRIENDLY_NAMES:
		r = one_of(key, v, yes_no, NR(yes_no), "yes or no", &i, err,
			   errlen);
		s->user_friendly_names = r ? s->user_friendly_names : i == 1;
		return r;
	case KEY_HWHANDLER:
		return parse_hwhandler(v, s, err, errlen);
	case KEY_HOLD_FAILURES:
		return number(key, v, 0, CONF_HOLD_FAILURES_MAX,
			      &s->hold_down_failures, err, errlen);
	case KEY_HOLD_WINDOW:
		return number(key, v, 1, CONF_HOLD_WINDOW_MAX,
			      &s->hold_down_window, err, errlen);
	case KEY_HOLD_SECS:
		return number(key, v, 1, CONF_HOLD_SECS_MAX,
			      &s->hold_down_secs, err, errlen);
	case KEY_FIND_MULTIPATHS:
		r = one_of(key, v, finds, NR(finds), "strict, yes, greedy or"
			   " smart", &i, err, errlen);
		s->find_multipaths = r ? s->find_multipaths : (enum config_find)i;
		return r;
	case KEY_FIND_TIMEOUT:
		return number(key, v, 1, CONF_FIND_TIMEOUT_MAX,
			      &s->find_multipaths_timeout, err, errlen);
	case KEY_QUEUE_WITHOUT_DAEMON:
		r = one_of(key, v, yes_no, NR(yes_no), "yes or no", &i, err,
			   errlen);
		s->queue_without_daemon = r ? s->queue_without_daemon : i == 1;
		return r;
	case KEY_RESERVATION_KEY:
		/* multipath's: a hex key (0x...), or "file" (the prkeys file). */
		if (!strcmp(v, "file")) {
			s->reservation_key = 0;
			s->reservation_key_file = true;
			return 0;
		}
		if (pr_key_parse(v, &s->reservation_key, err, errlen))
			return -1;
		s->reservation_key_file = false;
		return 0;
	default:
		snprintf(err, errlen, "unknown setting");
		return -1;
	}
}

int conf_value_set(struct conf_level *lv, enum conf_key key, const char *value,
		int line, char *err, size_t errlen)
{
	if ((unsigned int)key >= KEY_NR ||
	    parse_value(key, value, &lv->s, err, errlen))
		return -1;
	lv->given |= 1u << key;
	lv->line[key] = line;
	return 0;
}

int conf_value_format(enum conf_key key, const struct config_settings *s,
		      char *buf, size_t len)
{
	static const char *const checkers[] = { "tur", "directio" };

	switch (key) {
	case KEY_POLLING_INTERVAL:
		snprintf(buf, len, "%d", s->polling_interval);
		break;
	case KEY_MAX_POLLING_INTERVAL:
		snprintf(buf, len, "%d", s->max_polling_interval);
		break;
	case KEY_CHECKER_TIMEOUT:
		snprintf(buf, len, "%d", s->checker_timeout);
		break;
	case KEY_PATH_SELECTOR:
		snprintf(buf, len, "\"%s\"", s->path_selector);
		break;
	case KEY_GROUPING:
		snprintf(buf, len, "%s", (size_t)s->grouping < NR(groupings) ?
			 groupings[s->grouping] : "?");
		break;
	case KEY_CHECKER:
		snprintf(buf, len, "%s", (size_t)s->checker < NR(checkers) ?
			 checkers[s->checker] : "?");
		break;
	case KEY_FAILBACK:
		snprintf(buf, len, "%s", s->failback);
		break;
	case KEY_NO_PATH_RETRY:
		if (s->no_path_retry == CONF_NO_PATH_RETRY_FAIL)
			snprintf(buf, len, "fail");
		else if (s->no_path_retry == CONF_NO_PATH_RETRY_QUEUE)
			snprintf(buf, len, "queue");
		else
			snprintf(buf, len, "%d", s->no_path_retry);
		break;
	case KEY_FRIENDLY_NAMES:
		snprintf(buf, len, "%s", s->user_friendly_names ? "yes" : "no");
		break;
	case KEY_HWHANDLER:
		snprintf(buf, len, "\"%s\"", s->hwhandler[0] ? "1 alua" : "0");
		break;
	case KEY_HOLD_FAILURES:
		snprintf(buf, len, "%d", s->hold_down_failures);
		break;
	case KEY_HOLD_WINDOW:
		snprintf(buf, len, "%d", s->hold_down_window);
		break;
	case KEY_HOLD_SECS:
		snprintf(buf, len, "%d", s->hold_down_secs);
		break;
	case KEY_FIND_MULTIPATHS:
		snprintf(buf, len, "%s", (size_t)s->find_multipaths < NR(finds) ?
			 finds[s->find_multipaths] : "?");
		break;
	case KEY_FIND_TIMEOUT:
		snprintf(buf, len, "%d", s->find_multipaths_timeout);
		break;
	case KEY_QUEUE_WITHOUT_DAEMON:
		snprintf(buf, len, "%s", s->queue_without_daemon ? "yes" : "no");
		break;
	case KEY_RESERVATION_KEY:
		if (s->reservation_key_file)
			snprintf(buf, len, "file");
		else if (s->reservation_key)
			snprintf(buf, len, "0x%llx",
				 (unsigned long long)s->reservation_key);
		else
			return 1;	/* none */
		break;
	default:
		return 1;
	}
	return 0;
}

#define GIVEN(lv, k)	((lv)->given & (1u << (k)))

int conf_value_check(const struct conf_level *lv, int *line, char *err,
		  size_t errlen)
{
	bool on = GIVEN(lv, KEY_HOLD_FAILURES) && lv->s.hold_down_failures > 0;
	enum conf_key k;

	for (k = KEY_HOLD_WINDOW; k <= KEY_HOLD_SECS; k++) {
		if (on && !GIVEN(lv, k)) {
			*line = lv->line[KEY_HOLD_FAILURES];
			snprintf(err, errlen, "hold_down_failures needs"
				 " hold_down_window and hold_down_secs in the"
				 " same section");
			return -1;
		}
		if (!GIVEN(lv, KEY_HOLD_FAILURES) && GIVEN(lv, k)) {
			*line = lv->line[k];
			snprintf(err, errlen, "%s without hold_down_failures in"
				 " the same section", key_names[k]);
			return -1;
		}
	}
	return 0;
}

void conf_value_merge(struct config_settings *dst, const struct conf_level *src)
{
	const struct config_settings *s = &src->s;

	dst->refused_keys = (dst->refused_keys & ~src->given) | src->bad;

	if (GIVEN(src, KEY_POLLING_INTERVAL))
		dst->polling_interval = s->polling_interval;
	if (GIVEN(src, KEY_MAX_POLLING_INTERVAL))
		dst->max_polling_interval = s->max_polling_interval;
	if (GIVEN(src, KEY_CHECKER_TIMEOUT))
		dst->checker_timeout = s->checker_timeout;
	if (GIVEN(src, KEY_PATH_SELECTOR))
		memcpy(dst->path_selector, s->path_selector,
		       sizeof(dst->path_selector));
	if (GIVEN(src, KEY_GROUPING))
		dst->grouping = s->grouping;
	if (GIVEN(src, KEY_CHECKER))
		dst->checker = s->checker;
	if (GIVEN(src, KEY_FAILBACK))
		memcpy(dst->failback, s->failback, sizeof(dst->failback));
	if (GIVEN(src, KEY_NO_PATH_RETRY))
		dst->no_path_retry = s->no_path_retry;
	if (GIVEN(src, KEY_FRIENDLY_NAMES))
		dst->user_friendly_names = s->user_friendly_names;
	if (GIVEN(src, KEY_HWHANDLER))
		memcpy(dst->hwhandler, s->hwhandler, sizeof(dst->hwhandler));
	if (GIVEN(src, KEY_FIND_MULTIPATHS))
		dst->find_multipaths = s->find_multipaths;
	if (GIVEN(src, KEY_FIND_TIMEOUT))
		dst->find_multipaths_timeout = s->find_multipaths_timeout;
	if (GIVEN(src, KEY_QUEUE_WITHOUT_DAEMON))
		dst->queue_without_daemon = s->queue_without_daemon;
	if (GIVEN(src, KEY_RESERVATION_KEY)) {
		dst->reservation_key = s->reservation_key;
		dst->reservation_key_file = s->reservation_key_file;
	}
	/* The three hold_down settings travel together. */
	if (GIVEN(src, KEY_HOLD_FAILURES)) {
		dst->hold_down_failures = s->hold_down_failures;
		dst->hold_down_window = s->hold_down_failures ?
					s->hold_down_window : 0;
		dst->hold_down_secs = s->hold_down_failures ?
				      s->hold_down_secs : 0;
	}
}
