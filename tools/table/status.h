/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Parser for the two strings an mpath2 (or dm-multipath) map reports:
 *
 * TABLE: <#features> [feature]... <#hw args> [<handler> [arg]...]
 *        <#groups> <current group>
 *        [<selector> <#ps args> [arg]... <#paths> <#per-path args>
 *         [<maj:min> [arg]...]...]...
 * INFO:  2 <queue_io> <pg_init_count> <#hw status args> [arg]...
 *        <#groups> <current group>
 *        [<A|E|D> <#ps args> [arg]... <#paths> <#per-path args>
 *         [<maj:min> <A|F> <fail count> [arg]...]...]...
 *
 * The parser never trusts a count: each is checked against the kernel's
 * bound and against the words left, so no input can make it read past
 * the string or allocate more than the string's size justifies.
 */
#ifndef MPATH2CTL_STATUS_H
#define MPATH2CTL_STATUS_H

#include <stddef.h>

#define STATUS_MAX_COUNT	1024	/* groups, paths per group, args: as the kernel */
#define STATUS_MAX_FEATURES	16	/* mpath2 takes 0..16 feature words */
#define STATUS_MAX_MAJOR	4095	/* dev_t: 12 bits of major ... */
#define STATUS_MAX_MINOR	1048575	/* ... and 20 bits of minor */

enum status_kind {
	MP_TABLE,	/* dmsetup table: what the map was built from */
	MP_INFO,	/* dmsetup status: what the map is doing now */
};

struct status_path {
	unsigned int major, minor;
	char state;			/* INFO: 'A' or 'F'; TABLE: 0 */
	unsigned int fail_count;	/* INFO only */
	char **args;			/* the selector's per-path words */
};

struct status_group {
	const char *selector;		/* TABLE only, e.g. "round-robin" */
	char state;			/* INFO: 'A', 'E' or 'D'; TABLE: 0 */
	unsigned int nr_ps_args;	/* the selector's group words */
	char **ps_args;
	unsigned int nr_paths;		/* 1..STATUS_MAX_COUNT */
	unsigned int nr_path_args;	/* words per path, after the fixed ones */
	struct status_path *paths;
};

struct status_map {
	enum status_kind kind;
	unsigned int nr_features;	/* TABLE: feature words; INFO: always 2 */
	char **features;
	unsigned int queue_io;		/* INFO only */
	unsigned int pg_init_count;	/* INFO only */
	unsigned int nr_hw_args;	/* TABLE: handler name + args; INFO: status */
	char **hw_args;
	unsigned int nr_groups;
	unsigned int current_group;	/* 1..nr_groups, 0 when there are none */
	struct status_group *groups;

	/* Private: the words all the pointers above point into. */
	char *buf;
	char **words;
};

/*
 * Parse @s as @kind into @m. Returns 0, or -1 with a one-line reason in
 * @err and @m left empty (status_free() is safe on it either way).
 */
int status_parse(enum status_kind kind, const char *s, struct status_map *m,
	     char *err, size_t errlen);
void status_free(struct status_map *m);

/* 0 if @table and @info describe the same groups and paths, else -1. */
int status_match(const struct status_map *table, const struct status_map *info,
	     char *err, size_t errlen);

/* The group number (1..) holding path @major:@minor, or 0. */
unsigned int status_find_path(const struct status_map *m, unsigned int major,
			  unsigned int minor);

/* Strict decimal: digits only, no sign, no space, <= @max. 0 or -1. */
int status_parse_uint(const char *s, unsigned int max, unsigned int *val);
/* Strict "major:minor" within dev_t's bounds. 0 or -1. */
int status_parse_devnum(const char *s, unsigned int *major, unsigned int *minor);

#endif
