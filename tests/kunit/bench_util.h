/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What mpath2's KUnit benches share: the null_blk devices they map, the
 * table parameters over them, and sorting rounds for a median.
 */
#ifndef MPATH2_BENCH_UTIL_H
#define MPATH2_BENCH_UTIL_H

#include <linux/types.h>

/*
 * The devices nullb0..nullb<n - 1> (null_blk, nr_devices on the command
 * line) into @devs; -ENODEV if one is missing.
 */
int bench_find_null_devices(dev_t *devs, unsigned int n);

/*
 * "<@head> <path><@per_path>..." over the first @paths of @devs into @buf;
 * a "%u" in @head becomes @paths. -ENOSPC if @len is too short.
 */
int bench_table_params(char *buf, size_t len, const char *head,
		       const char *per_path, const dev_t *devs,
		       unsigned int paths);

/* sort() comparator for u64 values, ascending. */
int bench_cmp_u64(const void *a, const void *b);

#endif
