# Warm start and Ctrl+C of ./run.sh, measured from a pseudo-terminal, as a developer sees them.
# usage: python3 bench/devloop/measure.py <clone> [INT|TERM] [command…]   (default command: ./run.sh)
# Prints when the Web, the worker proxy and the Sandbox first answer /health, then sends Ctrl+C (INT) or SIGTERM to
# the AppHost and prints, as they go, which processes of the run (clone path, "postgres -D", "dcp ") are left.
# On a shared machine other runs' postgres/dcp processes stay listed: read the "gone" names.
import os, pty, time, subprocess, urllib.request, sys, select, signal
repo = sys.argv[1]; sig = sys.argv[2] if len(sys.argv) > 2 else "INT"
cmd = sys.argv[3:] or ["./run.sh"]
os.chdir(repo)
log = open(os.environ.get("DEVLOOP_CONSOLE", "/tmp/devloop-console.log"), "wb")
t0 = time.time()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
def drain():
    try:
        while True:
            r,_,_ = select.select([fd],[],[],0)
            if not r: return
            data = os.read(fd, 65536)
            for line in data.splitlines(True):
                log.write(b"%7.2f " % (time.time()-t0) + line)
            log.flush()
    except OSError: pass
def ok(url):
    try: return urllib.request.urlopen(url, timeout=1).status == 200
    except Exception: return False
urls = ["http://localhost:8000/health", "http://localhost:9000/health", "http://localhost:8100/health"]
seen = {}
deadline = time.time() + 300
while time.time() < deadline and len(seen) < len(urls):
    drain()
    for u in urls:
        if u not in seen and ok(u): seen[u] = time.time() - t0
    time.sleep(0.2)
for u in urls: print("healthy %-32s %.1f s" % (u, seen.get(u, -1)), flush=True)
time.sleep(5); drain()
def alive():
    out = subprocess.run(["pgrep","-f", repo + "|postgres -D|dcp "],capture_output=True,text=True).stdout.split()
    return [p for p in out if p != str(os.getpid())]
print("before", len(alive()), flush=True)
names = {}
for p in alive():
    r = subprocess.run(["ps","-o","args=","-p",p],capture_output=True,text=True).stdout.strip()
    names[p] = p + ":" + r.replace(repo, "R")[:90]
last = alive()
t = time.time()
if sig == "INT": os.write(fd, b"\x03")
else:
    apphost = subprocess.run(["pgrep","-f", repo + "/InstaUploader.AppHost/bin"],capture_output=True,text=True).stdout.split()
    for p in apphost: os.kill(int(p), signal.SIGTERM)
last = None
while alive() and time.time() - t < 60:
    drain(); time.sleep(0.25)
    a = alive()
    if a != last:
        gone = [names.get(p, p) for p in (last or []) if p not in a]
        print("  %.1f s: %d left; gone: %s" % (time.time()-t, len(a), ", ".join(gone)), flush=True); last = a
print("after %.1f s remaining %d" % (time.time()-t, len(alive())), flush=True)
for p in alive(): print("  ", subprocess.run(["ps","-o","pid,args","-p",p],capture_output=True,text=True).stdout.splitlines()[-1][:200])
drain()
