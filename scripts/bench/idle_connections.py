"""Opens N keep-alive connections (one request each), leaves them idle, and reports how many the
server still holds plus its resident memory and thread count. Usage: PORT N SERVER_PID"""
import socket
import sys
import time

port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    socks.append(s)
for s in socks:
    s.recv(4096)
time.sleep(2)
alive = 0
for s in socks:
    s.setblocking(False)
    try:
        alive += 0 if s.recv(1) == b"" else 1
    except BlockingIOError:
        alive += 1
status = {line.split(":")[0]: line.split(":")[1].strip() for line in open(f"/proc/{pid}/status")}
rss = int(status["VmRSS"].split()[0])
print(f"held open: {alive}/{n}; server RSS {rss / 1024:.0f} MiB; threads {status['Threads']}")
