// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table line create and discover load (see table.h). The words are
 * the ones the kernel's table parser (kmod/table.c) takes; each option
 * maps to multipath.conf's option of the same name.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "table/status.h"
#include "table/table.h"
#include "lib/validate.h"

struct selector_info {
	const char *name;
	const char *path_args;	/* per-path arguments, as each expects */
	unsigned int nr_path_args;
};

/*
 * round-robin, queue-length, historical-service-time: repeat_count 1.
 * service-time: repeat_count 1, relative_throughput 1.
 * io-affinity: a cpumask per path, which put_group() writes.
 */
static const struct selector_info selectors[] = {
	[TABLE_ROUND_ROBIN] = { "round-robin", "1", 1 },
	[TABLE_SERVICE_TIME] = { "service-time", "1 1", 2 },
	[TABLE_QUEUE_LENGTH] = { "queue-length", "1", 1 },
	[TABLE_HISTORICAL_SERVICE_TIME] = { "historical-service-time", "1", 1 },
	[TABLE_IO_AFFINITY] = { "io-affinity", NULL, 1 },
};

#define NR_SELECTORS (sizeof(selectors) / sizeof(selectors[0]))

void table_default_opts(struct tbl_opts *o)
{
	o->selector = TABLE_ROUND_ROBIN;
	o->grouping = TABLE_FAILOVER;
	o->no_path_retry = TABLE_RETRY_FAIL;
	o->failback = TABLE_FAILBACK_MANUAL;
	o->poll_secs = TABLE_POLL_SECS;
	o->hwhandler[0] = '\0';
	o->hold_down[0] = o->hold_down[1] = o->hold_down[2] = 0;
	o->given = 0;
	o->nr_cpus = 0;
}

unsigned int table_nr_cpus(const struct tbl_opts *o)
{
	long n;

	if (o->nr_cpus)
		return o->nr_cpus;
	/* Configured, not online: a CPU brought up later has its path. */
	n = sysconf(_SC_NPROCESSORS_CONF);
	return n > 0 && n <= TABLE_MAX_CPUS ? (unsigned int)n : 1;
}

int table_ioa_mask(size_t idx, size_t n, unsigned int nr_cpus, char *buf,
		   size_t len)
{
	uint32_t words[TABLE_MAX_CPUS / 32] = { 0 };
	unsigned int c, w, top = 0;
	size_t off = 0;
	int r;

	if (!n || idx >= n || n > nr_cpus || nr_cpus > TABLE_MAX_CPUS || !len)
		return -1;
	for (c = (unsigned int)idx; c < nr_cpus; c += (unsigned int)n) {
		words[c / 32] |= 1u << (c % 32);
		top = c / 32;
	}
	for (w = top + 1; w-- > 0;) {
		r = snprintf(buf + off, len - off, w == top ? "%x" : ",%08x",
			     words[w]);
		if (r < 0 || (size_t)r >= len - off)
			return -1;
		off += (size_t)r;
	}
	return 0;
}

const char *table_selector_name(enum tbl_selector sel)
{
	return (size_t)sel < NR_SELECTORS ? selectors[sel].name : "?";
}

int table_parse_selector(const char *s, enum tbl_selector *sel,
		       char *err, size_t errlen)
{
	char q[48];
	size_t i;

	for (i = 0; i < NR_SELECTORS; i++) {
		if (!strcmp(s, selectors[i].name)) {
			*sel = (enum tbl_selector)i;
			return 0;
		}
	}
	snprintf(err, errlen, "--selector '%s': not service-time, round-robin,"
		 " queue-length, historical-service-time or io-affinity",
		 validate_printable(s, q, sizeof(q)));
	return -1;
}

static const char *const groupings[] = {
	[TABLE_FAILOVER] = "failover",
	[TABLE_MULTIBUS] = "multibus",
	[TABLE_GROUP_BY_PRIO] = "group_by_prio",
	[TABLE_GROUP_BY_SERIAL] = "group_by_serial",
};

int table_parse_grouping(const char *s, enum tbl_grouping *g,
		       char *err, size_t errlen)
{
	char q[48];
	size_t i;

	for (i = 0; i < sizeof(groupings) / sizeof(groupings[0]); i++) {
		if (!strcmp(s, groupings[i])) {
			*g = (enum tbl_grouping)i;
			return 0;
		}
	}
	snprintf(err, errlen, "--group '%s': not failover, multibus,"
		 " group_by_prio or group_by_serial", validate_printable(s, q, sizeof(q)));
	return -1;
}

int table_parse_no_path_retry(const char *s, int *retry, char *err,
			    size_t errlen)
{
	unsigned int n;
	char q[48];

	if (!strcmp(s, "fail")) {
		*retry = TABLE_RETRY_FAIL;
		return 0;
	}
	if (!strcmp(s, "queue")) {
		*retry = TABLE_RETRY_QUEUE;
		return 0;
	}
	if (!status_parse_uint(s, TABLE_MAX_RETRY, &n) && n >= 1) {
		*retry = (int)n;
		return 0;
	}
	snprintf(err, errlen, "--no-path-retry '%s': not fail, queue or a number"
		 " 1..%d (polls of %d s)", validate_printable(s, q, sizeof(q)),
		 TABLE_MAX_RETRY, TABLE_POLL_SECS);
	return -1;
}

int table_parse_failback(const char *s, int *failback, char *err,
		       size_t errlen)
{
	unsigned int n;
	char q[48];

	if (!strcmp(s, "manual")) {
		*failback = TABLE_FAILBACK_MANUAL;
		return 0;
	}
	if (!strcmp(s, "immediate")) {
		*failback = TABLE_FAILBACK_IMMEDIATE;
		return 0;
	}
	if (!strcmp(s, "followover")) {
		*failback = TABLE_FAILBACK_FOLLOWOVER;
		return 0;
	}
	if (!status_parse_uint(s, TABLE_MAX_FAILBACK, &n) && n >= 1) {
		*failback = (int)n;
		return 0;
	}
	snprintf(err, errlen, "--failback '%s': not immediate, manual, followover"
		 " or seconds 1..%d", validate_printable(s, q, sizeof(q)),
		 TABLE_MAX_FAILBACK);
	return -1;
}

int table_parse_hwhandler(const char *s, char *hw, size_t hwlen, char *err,
			size_t errlen)
{
	char q[48];

	if (!strcmp(s, "alua") || !strcmp(s, "none")) {
		snprintf(hw, hwlen, "%s", !strcmp(s, "none") ? "" : s);
		return 0;
	}
	snprintf(err, errlen, "--hwhandler '%s': not alua or none",
		 validate_printable(s, q, sizeof(q)));
	return -1;
}

/* snprintf() into @buf at *@off; -1 once the line no longer fits. */
__attribute__((format(printf, 4, 5)))
static int put(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *off) {
		*off = len;
		return -1;
	}
	*off += (size_t)n;
	return 0;
}

static unsigned int poll_secs(const struct tbl_opts *o)
{
	return o->poll_secs ? o->poll_secs : TABLE_POLL_SECS;
}

/* "<#features> [feature]...": no_path_retry, failback, hold_down. */
static void put_features(const struct tbl_opts *o, char *buf, size_t len,
			 size_t *off)
{
	unsigned int nr = 0;
	char fb[32] = "";

	if (o->hold_down[0])
		nr += 4;
	if (o->no_path_retry != TABLE_RETRY_FAIL)
		nr += 1;
	if (o->no_path_retry > 0)
		nr += 2;
	if (o->failback == TABLE_FAILBACK_IMMEDIATE)
		snprintf(fb, sizeof(fb), " failback immediate");
	else if (o->failback == TABLE_FAILBACK_FOLLOWOVER)
		snprintf(fb, sizeof(fb), " failback followover");
	else if (o->failback > 0)
		snprintf(fb, sizeof(fb), " failback %d", o->failback);
	if (fb[0])
		nr += 2;

	put(buf, len, off, "%u", nr);
	if (o->no_path_retry != TABLE_RETRY_FAIL)
		put(buf, len, off, " queue_if_no_path");
	if (o->no_path_retry > 0)
		put(buf, len, off, " no_path_timeout %u",
		    (unsigned int)o->no_path_retry * poll_secs(o));
	put(buf, len, off, "%s", fb);
	if (o->hold_down[0])
		put(buf, len, off, " hold_down %d %d %d", o->hold_down[0],
		    o->hold_down[1], o->hold_down[2]);
}

/* What table_build() refuses in @o besides its paths. */
static int check_opts(const struct tbl_opts *o, char *err, size_t errlen)
{
	int i;

	if (o->no_path_retry > 0 &&
	    (unsigned long)o->no_path_retry * poll_secs(o) > TABLE_MAX_TIMEOUT) {
		snprintf(err, errlen, "no_path_retry %d polls of %u s is more"
			 " than %d s", o->no_path_retry, poll_secs(o),
			 TABLE_MAX_TIMEOUT);
		return -1;
	}
	if (o->hwhandler[0] && strcmp(o->hwhandler, "alua")) {
		snprintf(err, errlen, "unknown hardware handler");
		return -1;
	}
	for (i = 0; o->hold_down[0] && i < 3; i++) {
		if (o->hold_down[i] < 1 || o->hold_down[i] >
		    (i ? TABLE_HOLD_SECS_MAX : TABLE_HOLD_FAILURES_MAX)) {
			snprintf(err, errlen, "hold_down %d %d %d: out of range"
				 " (1..%d failures, 1..%d s)", o->hold_down[0],
				 o->hold_down[1], o->hold_down[2],
				 TABLE_HOLD_FAILURES_MAX, TABLE_HOLD_SECS_MAX);
			return -1;
		}
	}
	return 0;
}

/*
 * "<selector> 0 <#paths> <#per-path args> [<maj:min> <args>]...": the
 * @nr @paths, or with @group those of them in group @g.
 */
static void put_group(const struct selector_info *si, unsigned int nr_cpus,
		      const struct tbl_path *paths, const unsigned int *group,
		      unsigned int g, size_t nr, char *buf, size_t len,
		      size_t *off)
{
	char mask[TABLE_MASK_LEN];
	size_t i, n = 0, k = 0;

	for (i = 0; i < nr; i++)
		n += !group || group[i] == g;
	put(buf, len, off, " %s 0 %zu %u", si->name, n, si->nr_path_args);
	for (i = 0; i < nr; i++) {
		if (group && group[i] != g)
			continue;
		/* io-affinity: checked by check_cpus() */
		if (!si->path_args)
			table_ioa_mask(k++, n, nr_cpus, mask, sizeof(mask));
		put(buf, len, off, " %u:%u %s", paths[i].major, paths[i].minor,
		    si->path_args ? si->path_args : mask);
	}
}

/* io-affinity: no group with more paths than there are CPUs. */
static int check_cpus(const struct tbl_opts *o, const unsigned int *group,
		      size_t nr, int by_group, char *err, size_t errlen)
{
	unsigned int ncpu = table_nr_cpus(o), g;
	size_t i, most = 1, n;

	if (o->selector != TABLE_IO_AFFINITY)
		return 0;
	if (o->grouping == TABLE_MULTIBUS)
		most = nr;
	for (g = 0; by_group && g < nr; g++) {
		for (i = n = 0; i < nr; i++)
			n += group[i] == g;
		if (n > most)
			most = n;
	}
	if (most > ncpu || ncpu > TABLE_MAX_CPUS) {
		snprintf(err, errlen, "io-affinity: %zu paths in a group and %u"
			 " CPUs: each path needs a CPU of its own", most, ncpu);
		return -1;
	}
	return 0;
}

/* The count of groups in @group, 0 if one between is empty. */
static unsigned int nr_groups(const unsigned int *group, size_t nr)
{
	unsigned int g, max = 0;
	size_t i;

	for (i = 0; i < nr; i++)
		if (group[i] > max)
			max = group[i];
	for (g = 0; g <= max; g++) {
		for (i = 0; i < nr && group[i] != g; i++)
			;
		if (i == nr)
			return 0;
	}
	return max + 1;
}

int table_build(const struct tbl_opts *o, const struct tbl_path *paths,
	      size_t nr, char *buf, size_t len, char *err, size_t errlen)
{
	return table_build_grouped(o, paths, NULL, nr, buf, len, err, errlen);
}

int table_build_grouped(const struct tbl_opts *o, const struct tbl_path *paths,
		      const unsigned int *group, size_t nr, char *buf,
		      size_t len, char *err, size_t errlen)
{
	const struct selector_info *si;
	size_t i, j, off = 0;
	unsigned int g, ng = 0;
	int by_group = o->grouping == TABLE_GROUP_BY_PRIO ||
		       o->grouping == TABLE_GROUP_BY_SERIAL;

	if ((size_t)o->selector >= NR_SELECTORS) {
		snprintf(err, errlen, "unknown selector");
		return -1;
	}
	si = &selectors[o->selector];
	if (!nr || nr > TABLE_MAX_PATHS) {
		snprintf(err, errlen, "%zu paths: need 1..%d", nr, TABLE_MAX_PATHS);
		return -1;
	}
	for (i = 0; i < nr; i++) {
		for (j = 0; j < i; j++) {
			if (paths[i].major == paths[j].major &&
			    paths[i].minor == paths[j].minor) {
				snprintf(err, errlen, "path %u:%u given twice",
					 paths[i].major, paths[i].minor);
				return -1;
			}
		}
	}

	if (check_opts(o, err, errlen))
		return -1;
	if (by_group) {
		ng = group ? nr_groups(group, nr) : 0;
		if (!ng) {
			snprintf(err, errlen, "%s: the paths' groups are %s",
				 groupings[o->grouping], group ? "not 1..N" :
				 "not known");
			return -1;
		}
	}
	if (check_cpus(o, group, nr, by_group, err, errlen))
		return -1;
	put_features(o, buf, len, &off);
	if (o->hwhandler[0])
		put(buf, len, &off, " 1 %s", o->hwhandler);
	else
		put(buf, len, &off, " 0");
	if (by_group) {
		put(buf, len, &off, " %u 1", ng);
		for (g = 0; g < ng; g++)
			put_group(si, table_nr_cpus(o), paths, group, g, nr,
				  buf, len, &off);
	} else if (o->grouping == TABLE_MULTIBUS) {
		put(buf, len, &off, " 1 1");
		put_group(si, table_nr_cpus(o), paths, NULL, 0, nr, buf, len,
			  &off);
	} else {
		put(buf, len, &off, " %zu 1", nr);
		for (i = 0; i < nr; i++)
			put_group(si, table_nr_cpus(o), &paths[i], NULL, 0, 1,
				  buf, len, &off);
	}
	if (off >= len) {
		snprintf(err, errlen, "table line longer than %zu bytes", len);
		return -1;
	}
	return 0;
}
