import { prlimitArgs } from './limits.js';
import type { SandboxBackend } from './run-sandboxed.js';
import { SANDBOX_WORKDIR } from './bwrap-sandbox.js';
import { runningAsRoot, SANDBOX_ENV } from './sandbox-user.js';

/**
 * The mount script run inside fresh namespaces: a tmpfs root holding read-only `/usr`, the
 * toolchain, a fresh `/proc`, four device nodes, an empty `/tmp` and the working directory;
 * the root is then made read-only and the program runs chrooted as the sandbox user with no
 * capabilities. `$1` is the new root, `$2` the working directory, `$3` the toolchain folders
 * (colon-separated), `$4` the drop-privileges mode, `$5` the sandbox uid; the program follows.
 */
const SCRIPT = `set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
R="$1"; W="$2"; T="$3"; MODE="$4"; ID="$5"; shift 5
mount --make-rprivate /
mount -t tmpfs -o mode=755,size=1m assay-root "$R"
cd "$R"
mkdir usr tmp proc dev ${SANDBOX_WORKDIR.slice(1)}
mount --rbind /usr usr && mount -o remount,bind,ro usr
for d in bin sbin lib lib64 lib32; do
  if [ -L "/$d" ] || [ ! -e "/$d" ]; then [ -e "/usr/$d" ] && ln -s "usr/$d" "$d" || true
  else mkdir "$d" && mount --rbind "/$d" "$d" && mount -o remount,bind,ro "$d"; fi
done
OLDIFS="$IFS"; IFS=:
for d in $T; do mkdir -p ".$d" && mount --rbind "$d" ".$d" && mount -o remount,bind,ro ".$d"; done
IFS="$OLDIFS"
mount --bind "$W" .${SANDBOX_WORKDIR}
mount -t proc -o nosuid,nodev,noexec proc proc
mount -t tmpfs -o mode=1777,size=64m,nosuid,nodev assay-tmp tmp
for n in null zero random urandom; do touch "dev/$n" && mount --bind "/dev/$n" "dev/$n"; done
mount -o remount,bind,ro "$R"
cd /
if [ "$MODE" = root ]; then
  exec chroot "$R" setpriv --reuid="$ID" --regid="$ID" --clear-groups --inh-caps=-all \\
    --bounding-set=-all --no-new-privs env -i -C ${SANDBOX_WORKDIR} ${envPairs()} "$@"
fi
exec chroot "$R" setpriv --inh-caps=-all --bounding-set=-all --no-new-privs \\
  env -i -C ${SANDBOX_WORKDIR} ${envPairs()} "$@"
`;

function envPairs(): string {
  return Object.entries(SANDBOX_ENV).map(([k, v]) => `${k}=${v}`).join(' ');
}

/**
 * util-linux `unshare`: the same isolation as bwrap from tools every Linux has. As root, the
 * namespaces are created directly and the program drops to the sandbox user; otherwise a user
 * namespace maps the (non-root) caller to root for the mounts, and the program runs with every
 * capability dropped (a user namespace cannot be nested inside the chroot).
 * `--kill-child` and the PID namespace kill every process the program left behind.
 */
export const unshareBackend: SandboxBackend = {
  name: 'unshare',
  argv(dirs, inner, request) {
    const root = runningAsRoot();
    const toolchain = (request.toolchain ?? []).join(':');
    return [
      ...prlimitArgs(request.limits),
      'unshare', ...(root ? [] : ['--map-root-user']),
      '--mount', '--net', '--pid', '--ipc', '--uts', '--fork', '--kill-child',
      '--', '/bin/sh', '-c', SCRIPT, 'assay-sandbox',
      dirs.root, dirs.work, toolchain, root ? 'root' : 'user', String(dirs.uid), ...inner,
    ];
  },
};
