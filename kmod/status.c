// SPDX-License-Identifier: GPL-2.0-only
/*
 * `dmsetup status` and `dmsetup table` for mpath2, in dm-multipath's
 * format field for field so that existing parsers (multipath-tools,
 * monitoring scripts) read them unchanged:
 *
 * INFO:  2 <queue_io> <pg_init_count> <#handler status args=0>
 *        <#groups> <current group>
 *        [<A|E|D> <selector group status> <#paths> <#selector info args>
 *         [<path> <A|F> <fail count> [<selector path info>]...]...]...
 * TABLE: <#features> <features> <#handler args> [<handler>]
 *        <#groups> <current group>
 *        [<selector> <selector group status> <#paths> <#per-path args>
 *         [<path> [<per-path args>]...]...]...
 *
 * mpath2 is always bio-based, so its table shows `queue_mode bio` as
 * dm-multipath's does in that mode. mpath2's own feature words follow
 * dm-multipath's.
 */
#include "hw_handlers/hw_handler.h"
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static char group_state(const struct mpath2 *m, const struct mpath2_pg *pg)
{
	if (pg->bypassed)
		return 'D';
	if (pg == m->current_pg)
		return 'A';
	return 'E';
}

/* The group reported as current: chosen, else requested, else the first. */
static unsigned int current_group_num(const struct mpath2 *m)
{
	if (m->current_pg)
		return m->current_pg->num;
	if (m->next_pg)
		return m->next_pg->num;
	return m->nr_pgs ? 1 : 0;
}

static unsigned int emit_selector(struct mpath2_pg *pg,
				  struct mpath2_path *path, status_type_t type,
				  char *result, unsigned int maxlen)
{
	if (!pg->ps.type->status)
		return 0;
	return pg->ps.type->status(&pg->ps, path, type, result, maxlen);
}

/*
 * IMA's measurement of the map's state: dm-multipath's keys, groups and
 * paths counted from 0. Its selectors measure nothing of their own, so
 * each path's selector status is empty, as theirs is.
 */
static unsigned int status_ima_locked(struct mpath2 *m, char *result,
				      unsigned int maxlen)
{
	unsigned int sz = 0, g, p;

	DMEMIT_TARGET_NAME_VERSION(m->ti->type);
	DMEMIT(",nr_priority_groups=%u", m->nr_pgs);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];

		DMEMIT(",pg_state_%u=%c,nr_pgpaths_%u=%u,path_selector_name_%u=%s",
		       g, group_state(m, pg), g, pg->nr_paths, g,
		       pg->ps.type->name);
		for (p = 0; p < pg->nr_paths; p++) {
			struct mpath2_path *path = &pg->paths[p];

			DMEMIT(",path_name_%u_%u=%s,is_active_%u_%u=%c,fail_count_%u_%u=%u",
			       g, p, path->dev->name, g, p,
			       path->active ? 'A' : 'F', g, p,
			       path->fail_count);
			if (pg->ps.type->status)
				DMEMIT(",path_selector_status_%u_%u=", g, p);
		}
	}
	DMEMIT(";");
	return sz;
}

void mpath2_status(struct dm_target *ti, status_type_t type,
		   unsigned int status_flags, char *result, unsigned int maxlen)
{
	struct mpath2 *m = ti->private;
	unsigned int sz = 0, g, p;
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	if (type == STATUSTYPE_IMA) {
		status_ima_locked(m, result, maxlen);
		spin_unlock_irqrestore(&m->lock, flags);
		return;
	}

	if (type == STATUSTYPE_INFO) {
		DMEMIT("2 %u %u 0 ",
		       m->pg_init_state == MPATH2_PG_INIT_RUNNING ||
		       m->pg_init_state == MPATH2_PG_INIT_UNCHOSEN,
		       m->pg_init_count);
	} else {
		DMEMIT("%u ", mpath2_queue_if_no_path(m) + 2 +
		       (m->pg_init_retries ? 2 : 0) +
		       (m->pg_init_delay_msecs != MPATH2_PG_INIT_DELAY_DEFAULT ?
			2 : 0) +
		       (m->no_path_timeout ? 2 : 0) +
		       (m->failback != MPATH2_FAILBACK_MANUAL ? 2 : 0) +
		       (m->hold_failures ? 4 : 0));
		if (mpath2_queue_if_no_path(m))
			DMEMIT("queue_if_no_path ");
		if (m->pg_init_retries)
			DMEMIT("pg_init_retries %u ", m->pg_init_retries);
		if (m->pg_init_delay_msecs != MPATH2_PG_INIT_DELAY_DEFAULT)
			DMEMIT("pg_init_delay_msecs %u ",
			       m->pg_init_delay_msecs);
		DMEMIT("queue_mode bio ");
		if (m->no_path_timeout)
			DMEMIT("no_path_timeout %u ", m->no_path_timeout);
		if (m->failback == MPATH2_FAILBACK_DEFERRED)
			DMEMIT("failback %u ", m->failback_secs);
		else if (m->failback != MPATH2_FAILBACK_MANUAL)
			DMEMIT("failback %s ", mpath2_failback_name(m));
		if (m->hold_failures)
			DMEMIT("hold_down %u %u %u ", m->hold_failures,
			       m->hold_window, m->hold_secs);
		if (m->hw && m->hw_args)
			DMEMIT("%u %s %s ", m->hw_argc + 1, m->hw->name,
			       m->hw_args);
		else if (m->hw)
			DMEMIT("1 %s ", m->hw->name);
		else
			DMEMIT("0 ");
	}
	DMEMIT("%u %u ", m->nr_pgs, current_group_num(m));

	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];
		const struct mpath2_selector_type *ps = pg->ps.type;

		if (type == STATUSTYPE_INFO)
			DMEMIT("%c ", group_state(m, pg));
		else
			DMEMIT("%s ", ps->name);
		sz += emit_selector(pg, NULL, type, result + sz, maxlen - sz);
		DMEMIT("%u %u ", pg->nr_paths, type == STATUSTYPE_INFO ?
		       ps->info_args : ps->table_args);

		for (p = 0; p < pg->nr_paths; p++) {
			struct mpath2_path *path = &pg->paths[p];

			if (type == STATUSTYPE_INFO)
				DMEMIT("%s %c %u ", path->dev->name,
				       path->active ? 'A' : 'F',
				       path->fail_count);
			else
				DMEMIT("%s ", path->dev->name);
			sz += emit_selector(pg, path, type, result + sz,
					    maxlen - sz);
		}
	}
	spin_unlock_irqrestore(&m->lock, flags);
}
