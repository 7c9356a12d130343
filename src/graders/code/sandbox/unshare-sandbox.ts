import type { SandboxBackend } from './run-sandboxed.js';
import { SANDBOX_WORKDIR } from './bwrap-sandbox.js';
import { runningAsRoot, SANDBOX_ENV } from './sandbox-user.js';

/**
 * The mount script run inside fresh namespaces (each line costs a process, so they are few):
 * a tmpfs root holding read-only `/usr` and the toolchain, links for `/bin` and `/lib`, a
 * fresh `/proc`, four device nodes, an empty `/tmp` and the working directory; the root is
 * then made read-only and the program runs chrooted, as the sandbox user when Assay is root,
 * with no capabilities. `$1` is the new root, `$2` the working directory, `$3` the toolchain
 * folders (colon-separated), `$4` the sandbox uid or `keep`; the program follows.
 * unshare makes mount propagation private by default.
 */
const SCRIPT = `set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
R="$1"; W="$2"; T="$3"; ID="$4"; shift 4
mount -t tmpfs -o mode=755,size=1m assay-root "$R"
cd "$R"
mkdir usr tmp proc dev ${SANDBOX_WORKDIR.slice(1)}
mount -o rbind,ro /usr usr
links=""
for d in bin sbin lib lib64 lib32; do
  if [ -L "/$d" ] || [ ! -e "/$d" ]; then [ -e "/usr/$d" ] && links="$links usr/$d"
  else mkdir "$d" && mount -o rbind,ro "/$d" "$d"; fi
done
[ -n "$links" ] && ln -s $links .
OLDIFS="$IFS"; IFS=:
for d in $T; do mkdir -p ".$d" && mount -o rbind,ro "$d" ".$d"; done
IFS="$OLDIFS"
mount --bind "$W" .${SANDBOX_WORKDIR}
mount -t proc -o nosuid,nodev,noexec proc proc
mount -t tmpfs -o mode=1777,size=64m,nosuid,nodev assay-tmp tmp
touch dev/null dev/zero dev/random dev/urandom
for n in null zero random urandom; do mount --bind "/dev/$n" "dev/$n"; done
mount -o remount,bind,ro "$R"
cd /
if [ "$ID" = keep ]; then set -- --inh-caps=-all --bounding-set=-all --no-new-privs "$@"
else set -- --reuid="$ID" --regid="$ID" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs "$@"; fi
exec chroot "$R" setpriv "$@"
`;

/**
 * util-linux `unshare`: the same isolation as bwrap from tools every Linux has. As root, the
 * namespaces are created directly and the program drops to the sandbox user; otherwise a user
 * namespace maps the (non-root) caller to root for the mounts, and the program runs with every
 * capability dropped (a user namespace cannot be nested inside the chroot).
 * `--kill-child` and the PID namespace kill every process the program left behind.
 */
export const unshareBackend: SandboxBackend = {
  name: 'unshare',
  dropsPrivileges: true,
  argv(dirs, inner, request) {
    const root = runningAsRoot();
    const toolchain = (request.toolchain ?? []).join(':');
    const env = Object.entries(SANDBOX_ENV).map(([k, v]) => `${k}=${v}`);
    return [
      'unshare',
      ...(root ? [] : ['--map-root-user']),
      '--mount',
      '--net',
      '--pid',
      '--ipc',
      '--uts',
      '--fork',
      '--kill-child',
      '--',
      '/bin/sh',
      '-c',
      SCRIPT,
      'assay-sandbox',
      dirs.root,
      dirs.work,
      toolchain,
      root ? String(dirs.uid) : 'keep',
      'env',
      '-i',
      '-C',
      SANDBOX_WORKDIR,
      ...env,
      ...inner,
    ];
  },
};
