// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stats verb (see stats.h):
 *
 *   stats NAME                        path_stats' answer, as it is
 *   stats --prometheus [NAME] [--output FILE] [--state FILE]
 *
 * --output writes FILE.<pid>.tmp beside FILE, then renames it over FILE,
 * so node_exporter never reads half a file (it reads only *.prom).
 * --state FILE keeps what the exported counters were, so that they stay
 * monotonic when the kernel's restart (a table reload makes new paths
 * whose counters start at 0).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/map.h"
#include "cli/stats.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "lib/sysfs.h"
#include "lib/validate.h"
#include "table/status.h"

/* The path device's sectors read and written, from sysfs. */
static void read_sectors(const char *sysfs, struct metrics_path *p)
{
	char file[96], line[256];
	FILE *f;

	p->has_sectors = 0;
	if (!sysfs)
		return;
	snprintf(file, sizeof(file), "%s/dev/block/%u:%u/stat", sysfs,
		 p->major, p->minor);
	f = fopen(file, "re");
	if (!f)
		return;
	if (fgets(line, sizeof(line), f) &&
	    !metrics_parse_blkstat(line, &p->rd_sectors, &p->wr_sectors))
		p->has_sectors = 1;
	fclose(f);
}

/* One map into @m: 0, -1 if it has gone (quietly), 1 after saying why. */
static int collect_one(const struct cli_ctl *ctl, const char *name, int listed,
		       struct metrics_map *m)
{
	char err[ERRLEN], *answer = NULL;
	struct status_map info;
	struct mpdm_map dm;
	unsigned int g;
	size_t i;
	int r;

	memset(m, 0, sizeof(*m));
	r = mpdm_get_map(name, 1, &dm, err, sizeof(err));
	if (r && listed && (r == MPDM_NOMAP || r == MPDM_NOTOURS))
		return -1;
	if (r)
		return cli_fail(ctl, "%s", err);
	if (status_parse(MP_INFO, dm.status, &info, err, sizeof(err))) {
		mpdm_free_map(&dm);
		return cli_fail(ctl, "%s: cannot parse its status: %s", name, err);
	}
	snprintf(m->name, sizeof(m->name), "%s", dm.name);
	if (sysfs_devname(ctl->sysfs, dm.major, dm.minor, m->dev,
			  sizeof(m->dev)))
		snprintf(m->dev, sizeof(m->dev), "dm-%u", dm.minor);
	if (!strncmp(dm.uuid, MPDM_UUID_PREFIX, strlen(MPDM_UUID_PREFIX)))
		snprintf(m->wwid, sizeof(m->wwid), "%.*s",
			 (int)sizeof(m->wwid) - 1, dm.uuid + strlen(MPDM_UUID_PREFIX));
	m->queueing = info.queue_io;
	m->nr_groups = info.nr_groups;
	m->group_state = calloc(info.nr_groups + 1, 1);
	for (g = 0; m->group_state && g < info.nr_groups; g++)
		m->group_state[g] = info.groups[g].state;
	status_free(&info);
	mpdm_free_map(&dm);
	if (!m->group_state)
		return cli_fail(ctl, "out of memory");

	/* The one path_stats message of this sample. */
	r = mpdm_message_answer(name, "path_stats", &answer, err, sizeof(err));
	if (r) {
		free(m->group_state);
		m->group_state = NULL;
		return cli_fail(ctl, "%s", err);
	}
	r = metrics_parse(answer, &m->paths, &m->nr_paths);
	free(answer);
	if (r) {
		free(m->group_state);
		m->group_state = NULL;
		return cli_fail(ctl, "out of memory");
	}
	for (i = 0; i < m->nr_paths; i++) {
		if (sysfs_devname(ctl->sysfs, m->paths[i].major,
				  m->paths[i].minor, m->paths[i].dev,
				  sizeof(m->paths[i].dev)))
			m->paths[i].dev[0] = '\0';
		read_sectors(ctl->sysfs, &m->paths[i]);
	}
	return 0;
}

int stats_collect(const struct cli_ctl *ctl, const char *name,
		  struct metrics_map **maps, size_t *nr)
{
	char err[ERRLEN], **names = NULL;
	struct metrics_map *all;
	size_t i, count = 1;
	int r = 0, one;

	*maps = NULL;
	*nr = 0;
	if (!name && mpdm_list(&names, &count, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	all = calloc(count ? count : 1, sizeof(*all));
	if (!all) {
		mpdm_free_names(names, name ? 0 : count);
		return cli_fail(ctl, "out of memory");
	}
	for (i = 0; i < count && !r; i++) {
		one = collect_one(ctl, name ? name : names[i], !name, &all[*nr]);
		if (one > 0)
			r = 1;
		else if (!one)
			(*nr)++;
	}
	if (!name)
		mpdm_free_names(names, count);
	if (r) {
		metrics_free_maps(all, *nr);
		*nr = 0;
		return 1;
	}
	*maps = all;
	return 0;
}

/*
 * @len bytes of @buf into @path atomically: a temporary file beside it,
 * written, synced, renamed over it. 0, or -1 with the reason in @err.
 */
static int write_atomic(const char *path, const char *buf, size_t len,
			char *err, size_t errlen)
{
	char tmp[4096];
	ssize_t n;
	size_t done = 0;
	int fd, r;

	r = snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	if (r < 0 || (size_t)r >= sizeof(tmp)) {
		snprintf(err, errlen, "%s: name too long", path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%.160s: %s", tmp, strerror(errno));
		return -1;
	}
	/* node_exporter may run as another user: readable by all. */
	if (fchmod(fd, 0644))
		goto fail;
	while (done < len) {
		n = write(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	if (fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%.160s: %s", fd < 0 ? path : tmp,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

struct stats_opts {
	const char *name, *output, *state;
	int prometheus;
};

enum { OPT_PROMETHEUS = CLI_OPT_FIRST, OPT_OUTPUT, OPT_STATE };

const struct option stats_options[] = {
	{ "prometheus", no_argument, NULL, OPT_PROMETHEUS },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "state", required_argument, NULL, OPT_STATE },
	{ NULL, 0, NULL, 0 },
};

static int parse_args(const struct cli_args *a, const struct cli_ctl *ctl,
		      struct stats_opts *o)
{
	const struct cli_opt *opt;
	char err[ERRLEN];
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < a->nr_opts; i++) {
		opt = &a->opts[i];
		if (opt->val == OPT_PROMETHEUS) {
			o->prometheus = 1;
			continue;
		}
		if (!opt->arg || !opt->arg[0])
			return cli_needs(ctl, "stats", opt, "a file");
		if (opt->val == OPT_OUTPUT)
			o->output = opt->arg;
		else
			o->state = opt->arg;
	}
	if (a->nr_operands) {
		if (validate_map_name(a->operands[0], err, sizeof(err)))
			return cli_fail(ctl, "%s", err);
		o->name = a->operands[0];
	}
	if (!o->prometheus)
		return cli_fail(ctl, "stats: --output and --state go with"
				" --prometheus");
	return 0;
}

/* The state file's counters into @st; a missing file is a first run. */
static int load_state(const struct cli_ctl *ctl, const char *file,
		      struct metrics_state *st)
{
	FILE *f = fopen(file, "re");
	int r;

	st->s = NULL;
	st->nr = 0;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return cli_fail(ctl, "--state %s: %s", file, strerror(errno));
	}
	r = metrics_state_read(f, st);
	fclose(f);
	return r ? cli_fail(ctl, "out of memory") : 0;
}

static int prometheus(const struct stats_opts *o, const struct cli_ctl *ctl)
{
	struct metrics_state st = { NULL, 0 };
	struct metrics_map *maps;
	char err[ERRLEN], *buf = NULL;
	size_t nr, len = 0;
	FILE *mem;
	int r = 0;

	if (o->state && load_state(ctl, o->state, &st))
		return 1;
	if (stats_collect(ctl, o->name, &maps, &nr)) {
		metrics_state_free(&st);
		return 1;
	}
	if (o->state && metrics_state_apply(&st, maps, nr)) {
		metrics_free_maps(maps, nr);
		metrics_state_free(&st);
		return cli_fail(ctl, "out of memory");
	}
	if (!o->output) {
		metrics_prom_print(ctl->out, maps, nr);
	} else {
		mem = open_memstream(&buf, &len);
		if (!mem) {
			r = cli_fail(ctl, "out of memory");
			goto out;
		}
		metrics_prom_print(mem, maps, nr);
		if (fclose(mem)) {
			r = cli_fail(ctl, "out of memory");
			goto out;
		}
		if (write_atomic(o->output, buf, len, err, sizeof(err))) {
			r = cli_fail(ctl, "--output %s", err);
			goto out;
		}
	}
	if (o->state) {
		free(buf);
		buf = NULL;
		len = 0;
		mem = open_memstream(&buf, &len);
		if (!mem || (metrics_state_write(mem, &st), fclose(mem))) {
			r = cli_fail(ctl, "out of memory");
			goto out;
		}
		if (write_atomic(o->state, buf, len, err, sizeof(err)))
			r = cli_fail(ctl, "--state %s", err);
	}
out:
	free(buf);
	metrics_free_maps(maps, nr);
	metrics_state_free(&st);
	return r;
}

int stats_run(const struct cli_verb *verb, const struct cli_args *a,
	      const struct cli_ctl *ctl)
{
	struct stats_opts o;

	/* No option: stats NAME, path_stats' answer as it is. */
	if (!a->nr_opts) {
		if (a->nr_operands != 1)
			return cli_fail(ctl, "usage: mpath2ctl stats %s",
					verb->operands);
		return map_command(verb, a, ctl);
	}
	if (parse_args(a, ctl, &o))
		return 1;
	return prometheus(&o, ctl);
}
