# Opens 10,000 idle keep-alive connections to HTTPBench (pid in /tmp/bench.pid, port 8099) and prints its RSS.
import socket, sys, time, resource
resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000))
pid = int(open('/tmp/bench.pid').read())
socks = []
for i in range(10000):
    s = socket.create_connection(("127.0.0.1", 8099))
    socks.append(s)
# one request on every 10th to make them keep-alive connections that have served a request
for s in socks[::10]:
    s.sendall(b"GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
for s in socks[::10]:
    got = b""
    while b"]}" not in got:
        got += s.recv(65536)
time.sleep(1)
status = open(f"/proc/{pid}/status").read()
print([l for l in status.splitlines() if l.startswith(("VmRSS", "Threads"))])
s = socks[-1]; s.sendall(b"GET /hello/x HTTP/1.1\r\nHost: x\r\n\r\n"); print(s.recv(1000)[-7:])
t=time.time()
for s in socks: s.close()
