# SPDX-License-Identifier: GPL-2.0-only
# mpath2: build, install and test entry points.
#
# The kernel module is built by kbuild from ./Kbuild; this Makefile is only
# the user's front end. KERNELRELEASE and KDIR are the knobs (DKMS appends
# KERNELRELEASE=<kver> itself).

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PREFIX ?= /usr/local
DESTDIR ?=

KBUILD_ARGS := -C $(KDIR) M=$(CURDIR) CONFIG_DM_MPATH2=m

.PHONY: all modules clean-modules tools clean install uninstall \
	deps test kunit kunit-debug kunit-smp kunit-smp-debug e2e demo \
	checkpatch sparse \
	guest-build bench soak check-kernels smoke-kernels deb image demo-boot

all: modules tools

modules:
	@test -d $(KDIR) || { echo "No kernel build tree at $(KDIR):" \
		"install linux-headers-$(KERNELRELEASE) or pass KDIR=" >&2; exit 1; }
	$(MAKE) $(KBUILD_ARGS) modules

clean-modules:
	@if [ -d $(KDIR) ]; then $(MAKE) $(KBUILD_ARGS) clean; fi

tools:
	$(MAKE) -C tools

clean: clean-modules
	$(MAKE) -C tools clean

# For hosts without DKMS. The module goes to /lib/modules/<kver>/updates,
# which depmod ranks above the distribution's modules; its name (dm-mpath2)
# collides with none of them.
# DESTDIR stages the install elsewhere (packaging, tests).
MODDIR = $(DESTDIR)/lib/modules/$(KERNELRELEASE)/updates

install: all
	$(MAKE) $(KBUILD_ARGS) INSTALL_MOD_DIR=updates \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(MAKE) -C tools install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) install-config
	depmod -a $(if $(DESTDIR),-b $(DESTDIR)) $(KERNELRELEASE)

uninstall:
	rm -f $(MODDIR)/kmod/dm-mpath2.ko*
	$(MAKE) -C tools uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) uninstall-config
	depmod -a $(if $(DESTDIR),-b $(DESTDIR)) $(KERNELRELEASE)

# mpath2.conf(5), the example config (never /etc/mpath2.conf itself: a
# missing file means the built-in defaults) and the udev rules; the claim
# rule calls $(SBINDIR)/mpath2ctl is-path (tools/udev/*.rules.in).
UDEVRULESDIR ?= /lib/udev/rules.d
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/mpath2
SBINDIR ?= $(PREFIX)/sbin
UDEV_RULES := 57-mpath2-map.rules 62-mpath2-path.rules 63-mpath2-parts.rules \
	64-mpath2-by-id.rules
UDEV_RULES_IN := 56-mpath2-claim.rules
# initramfs-tools: hooks/mpath2 and scripts/local-top/mpath2 (root on mpath2).
INITRAMFSDIR ?= /usr/share/initramfs-tools
.PHONY: install-config uninstall-config

install-config:
	install -d $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DOCDIR)
	install -m 0644 $(addprefix tools/udev/,$(UDEV_RULES)) \
		$(DESTDIR)$(UDEVRULESDIR)/
	for r in $(UDEV_RULES_IN); do \
		sed 's|@SBINDIR@|$(SBINDIR)|g' tools/udev/$$r.in \
			>$(DESTDIR)$(UDEVRULESDIR)/$$r && \
		chmod 0644 $(DESTDIR)$(UDEVRULESDIR)/$$r || exit 1; \
	done
	install -d $(DESTDIR)$(INITRAMFSDIR)/hooks \
		$(DESTDIR)$(INITRAMFSDIR)/scripts/local-top
	sed 's|@SBINDIR@|$(SBINDIR)|g' tools/initramfs/hook.in \
		>$(DESTDIR)$(INITRAMFSDIR)/hooks/mpath2
	sed 's|@SBINDIR@|$(SBINDIR)|g' tools/initramfs/local-top.in \
		>$(DESTDIR)$(INITRAMFSDIR)/scripts/local-top/mpath2
	chmod 0755 $(DESTDIR)$(INITRAMFSDIR)/hooks/mpath2 \
		$(DESTDIR)$(INITRAMFSDIR)/scripts/local-top/mpath2
	install -m 0644 docs/man/mpath2.conf.5 $(DESTDIR)$(MANDIR)/man5/mpath2.conf.5
	install -m 0644 docs/examples/mpath2.conf.example \
		$(DESTDIR)$(DOCDIR)/mpath2.conf.example

uninstall-config:
	rm -f $(addprefix $(DESTDIR)$(UDEVRULESDIR)/,$(UDEV_RULES) $(UDEV_RULES_IN)) \
		$(DESTDIR)$(INITRAMFSDIR)/hooks/mpath2 \
		$(DESTDIR)$(INITRAMFSDIR)/scripts/local-top/mpath2 \
		$(DESTDIR)$(MANDIR)/man5/mpath2.conf.5 \
		$(DESTDIR)$(DOCDIR)/mpath2.conf.example

deps:
	scripts/deps.sh

# The Debian packages mpath2-tools and mpath2-dkms (debian/), built by
# dpkg-buildpackage from a clean copy in build/deb/, checked by lintian.
deb: deps
	scripts/deb.sh

# The boot test's Debian 12 image (tests/boot/): debootstrap, Debian's
# kernel, and the packages of `make deb` installed with apt (DKMS builds
# the module there, initramfs-tools puts it in the initramfs). Cached
# under ~/.cache/mpath2/image; rebuilt only when the .debs or the image's
# scripts change.
image: deb
	scripts/image.sh

# The image booted with its root on an mpath2 map (two paths per LUN),
# the console on this terminal: the boot test's checks run, then log in
# as root (no password) and look; `poweroff` ends it.
demo-boot: image
	tests/boot/boot.sh --mode demo

# Everything a change must pass; ends with "N passed, N failed".
test:
	scripts/test.sh

kunit: deps
	scripts/kunit.sh

kunit-debug: deps
	scripts/kunit.sh --debug

# The suites on UML SMP, 2 vCPUs (sid's kernel source); with KASAN and
# lockdep as well (part of `make soak`: ~12 min cold).
kunit-smp: deps
	scripts/kunit.sh --smp

kunit-smp-debug: deps
	scripts/kunit.sh --smp --debug

# The guest runs Debian's own kernel (scripts/guest/kernel.sh resolves and
# caches it, never installing it here): build the module and the tools for
# it first.
guest-build: deps
	$(MAKE) modules KERNELRELEASE=$$(scripts/guest/kernel.sh)
	$(MAKE) tools

e2e: guest-build
	scripts/guest/e2e.sh

demo: guest-build
	scripts/demo.sh

checkpatch:
	scripts/checkpatch.sh

sparse: modules
	$(MAKE) $(KBUILD_ARGS) C=2 modules

# The in-kernel microbenchmark in UML (ns per bio against dm-linear and
# dm-multipath in bio mode, the deciding figures), then fio in the guest
# (IOPS against dm-linear, raw null_blk and dm-multipath's bio and
# request-based modes, failover gap, fail-fast time; ~25 min).
bench: guest-build
	scripts/bench-uml.sh
	scripts/bench-uml-smp.sh --profile
	scripts/bench-guest.sh
	scripts/bench-scale.sh

# Paths cut and restored at random under fio verify: make soak DURATION=600
# (SOAK_TOPOLOGY=seed: NICs, portals and sessions of the 2x2 seed topology;
# SOAK_TOPOLOGY=suspend: tests/e2e/suspend-stress.sh for DURATION seconds)
DURATION ?= 600
SOAK_TOPOLOGY ?= two-path
soak: guest-build
	scripts/kunit.sh --smp --debug
	scripts/soak.sh $(DURATION) $(SOAK_TOPOLOGY)

# Build for Debian's 6.1, 6.12 and 7.x kernels (W=1, vermagic, DKMS), and
# boot each in the guest with the module for the failover e2e group.
check-kernels: deps
	scripts/check-kernels.sh

smoke-kernels: deps tools
	scripts/guest/smoke-kernels.sh
