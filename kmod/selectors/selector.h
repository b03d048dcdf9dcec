/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The path selector interface of mpath2.
 *
 * A selector decides, per bio, which path of one priority group gets it.
 * Each group owns one selector instance. The constructor calls create()
 * once, then add_path() for each path in table order (path->index counts
 * from 0), all in process context where allocation is allowed.
 *
 * select_path(), start_io() and end_io() run for every bio: they must not
 * take locks or allocate, and must tolerate concurrent calls on all CPUs.
 * end_io() gets the ktime_get_ns() time at which the bio was sent down the
 * path, taken only for selectors that set needs_start_time (else 0).
 * A selector reads mpath2_path_usable() to skip failed paths; fail_path()
 * and reinstate_path() (optional) are called under the map's spinlock for
 * selectors that keep extra bookkeeping.
 *
 * status() writes the selector's words for the group (path == NULL) or
 * for one path, in the format of dm-multipath's selector of the same name,
 * and returns the number of characters written.
 *
 * Adding a selector: one file in this directory, one line in registry.c's
 * built-in list, one line in kmod/Kbuild.
 */
#ifndef MPATH2_SELECTOR_H
#define MPATH2_SELECTOR_H

#include <linux/device-mapper.h>
#include <linux/types.h>

struct mpath2_path;
struct mpath2_selector_type;

struct mpath2_selector {
	const struct mpath2_selector_type *type;
	void *ctx;
};

struct mpath2_selector_type {
	const char *name;
	unsigned int table_args;	/* per-path words in the table output */
	unsigned int info_args;		/* per-path words in the info output */
	bool needs_start_time;		/* end_io uses the dispatch time */

	int (*create)(struct mpath2_selector *ps, unsigned int argc,
		      char **argv, char **error);
	void (*destroy)(struct mpath2_selector *ps);
	int (*add_path)(struct mpath2_selector *ps, struct mpath2_path *path,
			unsigned int argc, char **argv, char **error);
	void (*fail_path)(struct mpath2_selector *ps, struct mpath2_path *path);
	void (*reinstate_path)(struct mpath2_selector *ps,
			       struct mpath2_path *path);

	struct mpath2_path *(*select_path)(struct mpath2_selector *ps,
					   size_t nr_bytes);
	void (*start_io)(struct mpath2_selector *ps, struct mpath2_path *path,
			 size_t nr_bytes);
	void (*end_io)(struct mpath2_selector *ps, struct mpath2_path *path,
		       size_t nr_bytes, u64 start_ns);

	unsigned int (*status)(struct mpath2_selector *ps,
			       struct mpath2_path *path, status_type_t type,
			       char *result, unsigned int maxlen);
};

/* registry.c: the registry pattern of ../registry.h. */
int mpath2_selector_register(const struct mpath2_selector_type *type);
void mpath2_selector_unregister(const struct mpath2_selector_type *type);
const struct mpath2_selector_type *mpath2_selector_find(const char *name);
/* The built-in selectors (module init and exit). */
int mpath2_selectors_register(void);
void mpath2_selectors_unregister(void);

extern const struct mpath2_selector_type mpath2_round_robin_selector;
extern const struct mpath2_selector_type mpath2_queue_length_selector;
extern const struct mpath2_selector_type mpath2_service_time_selector;
extern const struct mpath2_selector_type mpath2_io_affinity_selector;
extern const struct mpath2_selector_type mpath2_historical_service_time_selector;

#endif /* MPATH2_SELECTOR_H */
