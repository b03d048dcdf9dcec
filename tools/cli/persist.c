// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2ctl persist NAME ACTION [--key KEY] [--type TYPE] [--timeout S]:
 * SCSI-3 persistent reservations on every path of a map, as
 * multipath-tools' mpathpersist does, with SG_IO to each path device
 * rather than the block layer's PR ioctls on the map (whose routing dm
 * core decides: docs/dm-mpath2.rst, "Persistent reservations").
 *
 * A registration belongs to one I_T nexus, so one path: --register goes
 * to every usable path. A reservation is the LUN's: --reserve, --preempt,
 * --preempt-abort and --clear go to one path, the next one only if a path
 * gives no GOOD. --release goes to every usable path (only the holder's
 * nexus releases; the others' GOOD changes nothing). The reads ask every
 * usable path and print each answer.
 *
 * Paths failed in the map, and path devices whose SCSI state is not
 * "running" (an iSCSI session in recovery would hold the command until
 * its replacement_timeout), are skipped and reported; every command has
 * a timeout (--timeout, default 10 s). With --ioctl, the action goes
 * instead as the block layer's PR ioctl to the map itself, dm core
 * routing it: to compare with, not to rely on. A UNIT ATTENTION (the LUN tells
 * of a reservation released or preempted before it runs the next
 * command of that nexus) is asked again, twice at most. Per path one
 * line: what the array answered.
 *
 * mpath2.conf's reservation_key for the map (its multipath{}, a device{}
 * matching its paths' vendor and product, overrides{} or defaults{}) is
 * the key the daemon registers on new and returning paths: --register
 * refuses another key, sending nothing. With "reservation_key file" the
 * key lives in the prkeys file (lib/prkeys.h): --register writes it there
 * once every usable path has it, --unregister takes it out.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/persist.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "lib/pr.h"
#include "lib/pr_io.h"
#include "lib/prkeys.h"
#include "lib/sysfs.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwid.h"
#include "conf/config.h"
#include "table/status.h"
#include "table/table_conf.h"

#define DEFAULT_TIMEOUT_S	10
#define MAX_TIMEOUT_S		300
#define UA_TRIES		3	/* a command and two more on UNIT ATTENTION */

enum action {
	A_NONE, A_REGISTER, A_UNREGISTER, A_RESERVE, A_RELEASE, A_PREEMPT,
	A_PREEMPT_ABORT, A_CLEAR, A_READ_KEYS, A_READ_RESV,
};

struct persist_opts {
	enum action action;
	uint64_t key, sa_key;
	int have_key;
	unsigned int type;		/* 0: not given */
	unsigned int timeout_ms;
	int ioctl;			/* --ioctl: the PR ioctl on the map */
};

/* One path of the map, in table order. */
struct ppath {
	unsigned int major, minor;
	char name[32], devnode[48];
	const char *skip;		/* why it is skipped, or NULL */
	char state[32];
};

/* What mpath2.conf says of the map's key. */
struct keycfg {
	char wwid[VPD_WWID_LEN];	/* the LUN's, "" if not known */
	uint64_t key;			/* reservation_key, 0: none */
	int file;			/* reservation_key file */
};

#define USAGE	"usage: mpath2ctl persist NAME --register KEY | --unregister |" \
	" --reserve | --release | --preempt KEY | --preempt-abort KEY |" \
	" --clear | --read-keys | --read-reservation [--key KEY]" \
	" [--type TYPE] [--timeout SECS] [--ioctl]"

enum {
	OPT_KEY = CLI_OPT_FIRST,
	OPT_TYPE,
	OPT_IOCTL,
	OPT_TIMEOUT,
	OPT_ACTION,		/* + enum action */
};

const struct option persist_options[] = {
	{ "register", required_argument, NULL, OPT_ACTION + A_REGISTER },
	{ "unregister", no_argument, NULL, OPT_ACTION + A_UNREGISTER },
	{ "reserve", no_argument, NULL, OPT_ACTION + A_RESERVE },
	{ "release", no_argument, NULL, OPT_ACTION + A_RELEASE },
	{ "preempt", required_argument, NULL, OPT_ACTION + A_PREEMPT },
	{ "preempt-abort", required_argument, NULL,
	  OPT_ACTION + A_PREEMPT_ABORT },
	{ "clear", no_argument, NULL, OPT_ACTION + A_CLEAR },
	{ "read-keys", no_argument, NULL, OPT_ACTION + A_READ_KEYS },
	{ "read-reservation", no_argument, NULL, OPT_ACTION + A_READ_RESV },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "type", required_argument, NULL, OPT_TYPE },
	{ "ioctl", no_argument, NULL, OPT_IOCTL },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ NULL, 0, NULL, 0 },
};

/* An action: --register KEY ... --read-reservation. 0, or 1. */
static int action_option(const struct cli_ctl *ctl, const struct cli_opt *opt,
			 struct persist_opts *o)
{
	char err[ERRLEN];

	if (o->action)
		return cli_fail(ctl, "persist: one action at a time");
	o->action = (enum action)(opt->val - OPT_ACTION);
	if (o->action != A_REGISTER && o->action != A_PREEMPT &&
	    o->action != A_PREEMPT_ABORT)
		return 0;
	if (!opt->arg)
		return cli_needs(ctl, "persist", opt, "a KEY");
	if (pr_key_parse(opt->arg, &o->sa_key, err, sizeof(err)))
		return cli_fail(ctl, "persist: --%s: %s", opt->name, err);
	if (o->action == A_REGISTER && !o->sa_key)
		return cli_fail(ctl, "persist: --register 0 would unregister:"
				" use --unregister");
	return 0;
}

static int parse(const struct cli_ctl *ctl, const struct cli_args *a,
		 const char **name, struct persist_opts *o)
{
	const struct cli_opt *opt;
	char err[ERRLEN];
	unsigned long secs;
	const char *v;
	char *end;
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = DEFAULT_TIMEOUT_S * 1000;
	*name = a->operands[0];
	for (i = 0; i < a->nr_opts; i++) {
		opt = &a->opts[i];
		v = opt->arg;
		switch (opt->val) {
		case OPT_KEY:
			if (!v || pr_key_parse(v, &o->key, err, sizeof(err)))
				return cli_fail(ctl, "persist: --key: %s",
						v ? err : "needs a KEY");
			o->have_key = 1;
			break;
		case OPT_TYPE:
			if (!v || pr_type_parse(v, &o->type, err, sizeof(err)))
				return cli_fail(ctl, "persist: --type: %s",
						v ? err : "needs a TYPE");
			break;
		case OPT_IOCTL:
			o->ioctl = 1;
			break;
		case OPT_TIMEOUT:
			secs = v ? strtoul(v, &end, 10) : 0;
			if (!v || v[0] < '0' || v[0] > '9' || *end || !secs ||
			    secs > MAX_TIMEOUT_S)
				return cli_fail(ctl, "persist: --timeout: 1-%d"
						" seconds", MAX_TIMEOUT_S);
			o->timeout_ms = (unsigned int)secs * 1000;
			break;
		default:
			if (action_option(ctl, opt, o))
				return 1;
			break;
		}
	}
	if (!*name || !o->action)
		return cli_fail(ctl, "%s", USAGE);
	if (o->ioctl && (o->action == A_READ_KEYS || o->action == A_READ_RESV))
		return cli_fail(ctl, "persist: --ioctl goes with the actions"
				" that change something (6.1 has no read ioctl)");
	switch (o->action) {
	case A_RESERVE:
	case A_RELEASE:
	case A_PREEMPT:
	case A_PREEMPT_ABORT:
		if (!o->type)
			return cli_fail(ctl, "persist: this action needs --type"
					" (we, ea, we-ro, ea-ro, we-ar, ea-ar)");
		/* fall through */
	case A_CLEAR:
		if (!o->have_key)
			return cli_fail(ctl, "persist: this action needs --key,"
					" the key this host registered");
		break;
	default:
		if (o->have_key || o->type)
			return cli_fail(ctl, "persist: --key and --type go with"
					" --reserve, --release, --preempt,"
					" --preempt-abort and --clear");
		break;
	}
	return 0;
}

/* Path @major:@minor's state in @info ('A', 'F'), or 0 if not there. */
static char info_state(const struct status_map *info, unsigned int major,
		       unsigned int minor)
{
	unsigned int g, p;

	for (g = 0; g < info->nr_groups; g++)
		for (p = 0; p < info->groups[g].nr_paths; p++)
			if (info->groups[g].paths[p].major == major &&
			    info->groups[g].paths[p].minor == minor)
				return info->groups[g].paths[p].state;
	return 0;
}

/* The paths of @t (with @info's states), each named and judged usable. */
static struct ppath *map_paths(const struct cli_ctl *ctl, const struct status_map *t,
			       const struct status_map *info, size_t *nr)
{
	char dir[96];
	struct ppath *pp;
	size_t total = 0, n = 0;
	unsigned int g, p;

	for (g = 0; g < t->nr_groups; g++)
		total += t->groups[g].nr_paths;
	pp = calloc(total ? total : 1, sizeof(*pp));
	if (!pp)
		return NULL;
	for (g = 0; g < t->nr_groups; g++) {
		for (p = 0; p < t->groups[g].nr_paths; p++, n++) {
			const struct status_path *mp = &t->groups[g].paths[p];
			struct ppath *x = &pp[n];

			x->major = mp->major;
			x->minor = mp->minor;
			if (!ctl->sysfs || sysfs_devname(ctl->sysfs, mp->major,
							 mp->minor, x->name,
							 sizeof(x->name))) {
				snprintf(x->name, sizeof(x->name), "?");
				x->skip = "no block device by that number";
				continue;
			}
			snprintf(x->devnode, sizeof(x->devnode), "/dev/%s",
				 x->name);
			if (info_state(info, mp->major, mp->minor) == 'F') {
				x->skip = "failed in the map";
				continue;
			}
			snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u/device",
				 ctl->sysfs, mp->major, mp->minor);
			sysfs_read_line(dir, "state", x->state,
					sizeof(x->state));
			/* No state file (not SCSI?): let the timeout judge. */
			if (x->state[0] && strcmp(x->state, "running"))
				x->skip = "its SCSI device is not running";
		}
	}
	*nr = n;
	return pp;
}

static void say(const struct cli_ctl *ctl, const struct ppath *x, const char *fmt,
		const char *what)
{
	fprintf(ctl->out, "%s %u:%u: ", x->name, x->major, x->minor);
	fprintf(ctl->out, fmt, what);
	fputc('\n', ctl->out);
}

static void say_skip(const struct cli_ctl *ctl, const struct ppath *x)
{
	char why[64];

	if (x->state[0] && strcmp(x->state, "running"))
		snprintf(why, sizeof(why), "%s (state %s)", x->skip, x->state);
	else
		snprintf(why, sizeof(why), "%s", x->skip);
	say(ctl, x, "skipped: %s", why);
}

/*
 * " (after UNIT ATTENTION 2a/04: reservations released)" in @buf if @ua
 * is one, else "".
 */
static void ua_note(const struct pr_answer *ua, char *buf, size_t len)
{
	char t[128];

	buf[0] = '\0';
	if (!pr_unit_attention(ua))
		return;
	pr_answer_text(ua, t, sizeof(t));
	snprintf(buf, len, " (after %s)", t + strlen("CHECK CONDITION "));
}

/* One PR OUT on path @x; prints its answer; 1 if GOOD. */
static int out_one(const struct cli_ctl *ctl, const struct ppath *x,
		   enum pr_out_sa sa, const struct persist_opts *o,
		   uint64_t key, uint64_t sa_key)
{
	unsigned char cdb[PR_CDB_LEN], param[PR_PARAM_LEN];
	struct pr_answer a, ua = { .outcome = PR_GOOD };
	char text[160], note[160], line[320];
	int i;

	pr_out_cdb(cdb, sa, o->type);
	pr_out_param(param, key, sa_key);
	for (i = 0; i < UA_TRIES; i++) {
		pr_io_out(x->devnode, cdb, param, o->timeout_ms, &a);
		if (!pr_unit_attention(&a))
			break;
		ua = a;
	}
	pr_answer_text(&a, text, sizeof(text));
	ua_note(&ua, note, sizeof(note));
	snprintf(line, sizeof(line), "%s%s", text, a.outcome == PR_GOOD ? note : "");
	say(ctl, x, "%s", line);
	return a.outcome == PR_GOOD;
}

/* One PR IN on path @x; prints its answer; 1 if GOOD and readable. */
static int in_one(const struct cli_ctl *ctl, const struct ppath *x,
		  enum pr_in_sa sa, const struct persist_opts *o)
{
	unsigned char cdb[PR_CDB_LEN], buf[PR_IN_LEN];
	char text[160], err[ERRLEN], line[1024];
	struct pr_answer a;
	struct pr_keys k;
	struct pr_resv r;
	size_t i, n;
	int try;

	pr_in_cdb(cdb, sa, sizeof(buf));
	for (try = 0; try < UA_TRIES; try++) {
		pr_io_in(x->devnode, cdb, buf, sizeof(buf), o->timeout_ms, &a);
		if (!pr_unit_attention(&a))
			break;
	}
	if (a.outcome != PR_GOOD) {
		pr_answer_text(&a, text, sizeof(text));
		say(ctl, x, "%s", text);
		return 0;
	}
	if (sa == PR_READ_KEYS) {
		if (pr_parse_keys(buf, a.len, &k, err, sizeof(err))) {
			say(ctl, x, "GOOD, but %s", err);
			return 0;
		}
		n = (size_t)snprintf(line, sizeof(line), "GOOD, generation 0x%x,"
				     " %zu key%s%s", k.generation, k.nr,
				     k.nr == 1 ? "" : "s", k.nr ? ":" : "");
		for (i = 0; i < k.kept && n < sizeof(line); i++)
			n += (size_t)snprintf(line + n, sizeof(line) - n,
					      " 0x%llx",
					      (unsigned long long)k.keys[i]);
		if (k.kept < k.nr && n < sizeof(line))
			snprintf(line + n, sizeof(line) - n, " (%zu not shown)",
				 k.nr - k.kept);
	} else {
		if (pr_parse_resv(buf, a.len, &r, err, sizeof(err))) {
			say(ctl, x, "GOOD, but %s", err);
			return 0;
		}
		if (r.held)
			snprintf(line, sizeof(line), "GOOD, generation 0x%x,"
				 " reservation by key 0x%llx, type %s (%s)",
				 r.generation, (unsigned long long)r.key,
				 pr_type_short(r.type), pr_type_name(r.type));
		else
			snprintf(line, sizeof(line), "GOOD, generation 0x%x,"
				 " no reservation", r.generation);
	}
	say(ctl, x, "%s", line);
	return 1;
}

static const char *action_name(enum action a)
{
	static const char *const names[] = {
		[A_REGISTER] = "register", [A_UNREGISTER] = "unregister",
		[A_RESERVE] = "reserve", [A_RELEASE] = "release",
		[A_PREEMPT] = "preempt", [A_PREEMPT_ABORT] = "preempt-abort",
		[A_CLEAR] = "clear", [A_READ_KEYS] = "read-keys",
		[A_READ_RESV] = "read-reservation",
	};
	return names[a] ? names[a] : "?";
}

/*
 * The action on the paths: every usable one (register, unregister,
 * release, the reads), or the first that answers GOOD (reserve, preempt,
 * preempt-abort, clear). Returns the exit status.
 */
static int run(const struct cli_ctl *ctl, const char *name,
	       const struct persist_opts *o, const struct ppath *pp, size_t nr)
{
	size_t i, usable = 0, good = 0, tried = 0;
	int every = 0, ok;

	switch (o->action) {
	case A_REGISTER:
	case A_UNREGISTER:
	case A_RELEASE:
	case A_READ_KEYS:
	case A_READ_RESV:
		every = 1;
		break;
	default:
		break;
	}
	for (i = 0; i < nr; i++) {
		const struct ppath *x = &pp[i];

		if (x->skip) {
			say_skip(ctl, x);
			continue;
		}
		usable++;
		if (!every && good) {
			say(ctl, x, "%s", "not sent: done through another path");
			continue;
		}
		tried++;
		switch (o->action) {
		case A_REGISTER:
			ok = out_one(ctl, x, PR_REGISTER_IGNORE, o, 0, o->sa_key);
			break;
		case A_UNREGISTER:
			ok = out_one(ctl, x, PR_REGISTER_IGNORE, o, 0, 0);
			break;
		case A_RESERVE:
			ok = out_one(ctl, x, PR_RESERVE, o, o->key, 0);
			break;
		case A_RELEASE:
			ok = out_one(ctl, x, PR_RELEASE, o, o->key, 0);
			break;
		case A_PREEMPT:
			ok = out_one(ctl, x, PR_PREEMPT, o, o->key, o->sa_key);
			break;
		case A_PREEMPT_ABORT:
			ok = out_one(ctl, x, PR_PREEMPT_ABORT, o, o->key,
				     o->sa_key);
			break;
		case A_CLEAR:
			ok = out_one(ctl, x, PR_CLEAR, o, o->key, 0);
			break;
		case A_READ_KEYS:
			ok = in_one(ctl, x, PR_READ_KEYS, o);
			break;
		default:
			ok = in_one(ctl, x, PR_READ_RESERVATION, o);
			break;
		}
		good += (size_t)ok;
	}
	if (!usable)
		return cli_fail(ctl, "%s: persist %s: no usable path", name,
				action_name(o->action));
	/* The reads need one answer; the others GOOD on every path tried. */
	if (o->action == A_READ_KEYS || o->action == A_READ_RESV)
		return good ? 0 : cli_fail(ctl, "%s: persist %s: no path"
					   " answered", name,
					   action_name(o->action));
	if (every && good < tried)
		return cli_fail(ctl, "%s: persist %s: %zu of %zu usable paths"
				" did not answer GOOD", name,
				action_name(o->action), tried - good, tried);
	if (!good)
		return cli_fail(ctl, "%s: persist %s: no path answered GOOD",
				name, action_name(o->action));
	return 0;
}

/*
 * --ioctl: the action as one PR ioctl on /dev/mapper/@name. Its return
 * value as the kernel gives it: on 6.1 a positive number is sd's raw
 * SCSI result, on 7.2 a PR_STS_* code, not an errno.
 */
static int run_ioctl(const struct cli_ctl *ctl, const char *name,
		     const struct persist_opts *o)
{
	static const struct {
		enum pr_io_op op;
		const char *word;
	} ops[] = {
		[A_REGISTER] = { PR_IOC_REGISTER, "IOC_PR_REGISTER" },
		[A_UNREGISTER] = { PR_IOC_REGISTER, "IOC_PR_REGISTER (key 0)" },
		[A_RESERVE] = { PR_IOC_RESERVE, "IOC_PR_RESERVE" },
		[A_RELEASE] = { PR_IOC_RELEASE, "IOC_PR_RELEASE" },
		[A_PREEMPT] = { PR_IOC_PREEMPT, "IOC_PR_PREEMPT" },
		[A_PREEMPT_ABORT] = { PR_IOC_PREEMPT_ABORT,
				      "IOC_PR_PREEMPT_ABORT" },
		[A_CLEAR] = { PR_IOC_CLEAR, "IOC_PR_CLEAR" },
	};
	char node[160], why[ERRLEN];
	int ret = 0, err_no = 0;

	snprintf(node, sizeof(node), "/dev/mapper/%s", name);
	if (pr_io_ioctl(node, ops[o->action].op, o->key,
			o->action == A_UNREGISTER ? 0 : o->sa_key, o->type,
			&ret, &err_no, why, sizeof(why)))
		return cli_fail(ctl, "%s: persist --ioctl: %s", name, why);
	if (!ret) {
		fprintf(ctl->out, "%s: %s returned 0\n", node,
			ops[o->action].word);
		return 0;
	}
	if (ret < 0)
		return cli_fail(ctl, "%s: %s failed: %s", node,
				ops[o->action].word, strerror(err_no));
	fprintf(ctl->out, "%s: %s returned %d (0x%x): a SCSI result or"
		" PR_STS code, not an errno%s\n", node, ops[o->action].word, ret,
		(unsigned int)ret, ret == 0x18 ? " (RESERVATION CONFLICT)" : "");
	return 1;
}

/*
 * The map's WWID into @wwid: its UUID's (mpath2-<WWID>), else the one its
 * paths' VPD page 0x83 give, if they agree. "" if neither says.
 */
static void map_wwid(const struct cli_ctl *ctl, const struct mpdm_map *dm,
		     const struct status_map *t, char *wwid, size_t len)
{
	const char *u = dm->uuid + strlen(MPDM_UUID_PREFIX);
	char w[VPD_WWID_LEN], dir[96], err[ERRLEN];
	unsigned int g, p;

	wwid[0] = '\0';
	if (!strncmp(dm->uuid, MPDM_UUID_PREFIX, strlen(MPDM_UUID_PREFIX)) &&
	    vpd_valid_wwid(u) && strlen(u) < len) {
		strcpy(wwid, u);
		return;
	}
	for (g = 0; ctl->sysfs && g < t->nr_groups; g++) {
		for (p = 0; p < t->groups[g].nr_paths; p++) {
			snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u",
				 ctl->sysfs, t->groups[g].paths[p].major,
				 t->groups[g].paths[p].minor);
			if (wwid_from_sysfs(dir, w, sizeof(w), err, sizeof(err)))
				continue;
			if (wwid[0] && strcmp(wwid, w)) {
				wwid[0] = '\0';	/* they disagree */
				return;
			}
			if (strlen(w) < len)
				strcpy(wwid, w);
		}
	}
}

/*
 * The config's reservation_key for the map into @kc, and whether @o may
 * go ahead under it: 0, or 1 after saying why not (nothing sent yet).
 */
static int key_config(const struct cli_ctl *ctl, const struct persist_opts *o,
		      const struct mpdm_map *dm, const struct status_map *t,
		      struct keycfg *kc)
{
	char vendor[CONF_VENDOR_LEN] = "", product[CONF_PRODUCT_LEN] = "";
	struct mpath2_conf *conf;
	struct config_settings s;
	char dir[96];

	memset(kc, 0, sizeof(*kc));
	if (o->action != A_REGISTER && o->action != A_UNREGISTER)
		return 0;
	map_wwid(ctl, dm, t, kc->wwid, sizeof(kc->wwid));
	if (ctl->sysfs && t->nr_groups && t->groups[0].nr_paths) {
		snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u", ctl->sysfs,
			 t->groups[0].paths[0].major, t->groups[0].paths[0].minor);
		table_conf_vendor_product(dir, vendor, product);
	}
	conf = table_conf_load(ctl);
	if (!conf)
		return 1;	/* config_load() said why */
	config_resolve(conf, kc->wwid[0] ? kc->wwid : NULL,
		       vendor[0] ? vendor : NULL, product[0] ? product : NULL, &s);
	config_free(conf);
	kc->key = s.reservation_key;
	kc->file = s.reservation_key_file;
	if (o->action == A_REGISTER && kc->key && !kc->file &&
	    kc->key != o->sa_key)
		return cli_fail(ctl, "%s: persist --register 0x%llx: mpath2.conf's"
				" reservation_key for this map is 0x%llx (the"
				" daemon registers it on new paths): register"
				" that key, or say reservation_key file", dm->name,
				(unsigned long long)o->sa_key,
				(unsigned long long)kc->key);
	if (kc->file && !kc->wwid[0])
		return cli_fail(ctl, "%s: persist: reservation_key file needs the"
				" map's WWID: its UUID has none and its paths do"
				" not give one WWID", dm->name);
	if (kc->file && !ctl->prkeys)
		return cli_fail(ctl, "%s: persist: reservation_key file, but no"
				" prkeys file to keep the key in", dm->name);
	return 0;
}

/*
 * After the action: with reservation_key file, the key into the prkeys
 * file (register, done on every usable path) or out of it (unregister,
 * whatever the paths answered: no daemon should register it again).
 * Returns the exit status, @r the action's.
 */
static int keep_key(const struct cli_ctl *ctl, const char *name,
		    const struct persist_opts *o, const struct keycfg *kc, int r)
{
	uint64_t key = o->action == A_REGISTER ? o->sa_key : 0;
	char err[ERRLEN];
	int c;

	if (!kc->file || (o->action != A_REGISTER && o->action != A_UNREGISTER))
		return r;
	if (key && r) {
		fprintf(ctl->out, "prkeys: %s not changed: the key is not"
			" registered on every usable path\n", ctl->prkeys);
		return r;
	}
	c = prkeys_set(ctl->prkeys, kc->wwid, key, err, sizeof(err));
	if (c < 0) {
		cli_fail(ctl, "%s: persist: the prkeys file: %s", name, err);
		return 1;
	}
	if (key)
		fprintf(ctl->out, "prkeys: 0x%llx for %s in %s%s\n",
			(unsigned long long)key, kc->wwid, ctl->prkeys,
			c ? "" : " (there already)");
	else
		fprintf(ctl->out, "prkeys: %s %s\n", kc->wwid, c ?
			"taken out of the file" : "had no key in the file");
	return r;
}

int persist_main(const struct cli_verb *verb, const struct cli_args *a,
		 const struct cli_ctl *ctl)
{
	struct persist_opts o;
	struct keycfg kc;
	struct status_map t, info;
	struct mpdm_map dm;
	struct ppath *pp;
	const char *name;
	char err[ERRLEN];
	size_t nr = 0;
	int r;

	(void)verb;
	if (parse(ctl, a, &name, &o))
		return 1;
	if (validate_map_name(name, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (cli_load_map(ctl, name, &dm, &t, &info, 0))
		return 1;
	if (key_config(ctl, &o, &dm, &t, &kc)) {
		r = 1;
		pp = NULL;
	} else if (o.ioctl) {
		pp = NULL;
		r = -1;
	} else {
		pp = map_paths(ctl, &t, &info, &nr);
		r = pp ? -1 : cli_fail(ctl, "out of memory");
	}
	status_free(&t);
	status_free(&info);
	mpdm_free_map(&dm);
	if (r >= 0)
		return r;
	r = o.ioctl ? run_ioctl(ctl, name, &o) : run(ctl, name, &o, pp, nr);
	free(pp);
	return keep_key(ctl, name, &o, &kc, r);
}
