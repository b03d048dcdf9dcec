# SPDX-License-Identifier: GPL-2.0-only
# Compile probes for kmod/compat.h; included by kmod/Kbuild.
#
# A probe is a small C file, compat/HAVE_<WHAT>.c, that uses one kernel API
# in its newer form. kbuild compiles it once per build with the kernel's
# own flags (W=1's included) and -Werror, like its cc-option (through
# try-run, which `make clean` does not have: clean runs no probe). If it
# compiles, every object of the module gets -DHAVE_<WHAT>; compat.h says
# what each probe checks, since which kernel, and holds the fallback.
#
# To add a probe: write compat/HAVE_<WHAT>.c (SPDX line; functions
# declared before they are defined, so W=1 stays quiet), add HAVE_<WHAT>
# to mpath2-probes, document and use it in compat.h. Keep them few: each
# is one compiler run (~0.1 s) per build. scripts/check-kernels.sh checks
# the mechanism itself on every supported kernel.

mpath2-probes := HAVE_WQ_PERCPU HAVE_PREPARE_IOCTL_FORWARD HAVE_SCSI_EXECUTE_CMD \
	HAVE_LINUX_UNALIGNED_H

# $(call mpath2-probe,FILE): y if FILE compiles against this kernel, else n.
mpath2-probe = $(call try-run,$(CC) $(NOSTDINC_FLAGS) $(LINUXINCLUDE) \
	-include $(srctree)/include/linux/compiler_types.h \
	$(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE) -DMODULE \
	-Werror -c -o "$$TMP" $(1),y,n)

# -DHAVE_<WHAT> for each probe that compiles (evaluated once, here).
mpath2-compat-flags := $(foreach p,$(mpath2-probes),$(if \
	$(filter y,$(call mpath2-probe,$(src)/compat/$(p).c)),-D$(p)))
