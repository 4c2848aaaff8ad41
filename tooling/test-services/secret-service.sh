#!/usr/bin/env bash
# A test Secret Service: run inside `dbus-run-session` (a private session bus), with a folder of
# its own. Starts gnome-keyring's secrets component with its "login" keyring unlocked (created on
# first use, kept in DIR so a second run finds what the first stored), checks that the bus
# really has org.freedesktop.secrets, prints one line `READY <bus address>`, then runs COMMAND
# (or, without one, waits until stdin closes). Exits non-zero with a reason when it cannot.
#   dbus-run-session -- bash secret-service.sh DIR [COMMAND...]
set -euo pipefail

dir="${1:?usage: secret-service.sh DIR [COMMAND...]}"
shift

# The keyring lives in DIR, never in the user's own ~/.local/share/keyrings.
export XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/run" XDG_CONFIG_HOME="$dir/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

if ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "secret-service: gnome-keyring-daemon is not installed (apt-get install -y gnome-keyring dbus)" >&2
  exit 3
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "secret-service: no session bus; run this inside dbus-run-session" >&2
  exit 3
fi

# An empty password creates no default collection in gnome-keyring 42, so writes would fail:
# a fixed test password creates (and later unlocks) the "login" keyring.
eval "$(printf 'forge-test-keyring' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL

owned=false
for _ in $(seq 1 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    owned=true
    break
  fi
  sleep 0.1
done
if [ "$owned" != true ]; then
  echo "secret-service: gnome-keyring started but org.freedesktop.secrets never appeared on the bus" >&2
  exit 4
fi

echo "READY $DBUS_SESSION_BUS_ADDRESS"
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
# Keeps the bus (and with it the keyring daemon) alive until the test closes our stdin.
cat >/dev/null
