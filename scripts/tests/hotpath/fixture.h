/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fixtures for hotpath-selftest.sh: tiny objects shaped like the module's
 * hot path, each with one way to break the rule, to prove the checker
 * catches it. Compiled with the host's gcc -O2, never linked.
 */
#ifndef HOTPATH_FIXTURE_H
#define HOTPATH_FIXTURE_H

struct selector_type {
	int (*select_path)(void *ps);
	void (*start_io)(void *ps);
	void (*end_io)(void *ps);
};

extern int some_counter;
void *dm_per_bio_data(void *bio, unsigned long size);
unsigned long ktime_get(void);
void _raw_spin_lock(void *lock);
void *kmalloc_trace(void *cache, unsigned int flags, unsigned long size);
int queue_work_on(int cpu, void *wq, void *work);
int mod_timer(void *timer, unsigned long expires);
int mpath2_map(void *ti, void *bio);
int mpath2_end_io(void *ti, void *bio, int *error);
void mpath2_fail_path(void *path);

#endif
