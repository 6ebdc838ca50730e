#!/usr/bin/env python3
"""Writes a realistic kube-apiserver audit log (JSON lines, audit.k8s.io/v1) of about SIZE bytes.

Deterministic: the same SIZE and --seed give the same bytes. The mix follows a busy cluster: mostly
get/list/watch/update by control-plane components and kubelets (Metadata level), some pod creates at
RequestResponse (a few privileged, hostNetwork or hostPath), Secret reads by people, exec/attach,
RBAC changes, anonymous requests and 403s.

    python3 bench/audit-log/generate.py 1G /tmp/audit-1g.jsonl
"""
import argparse
import datetime
import json
import random
import sys
import uuid

NODES = [f"talos-{role}-{i}" for role in ("cp", "worker") for i in range(1, 4)]
NAMESPACES = ["default", "kube-system", "monitoring", "payments", "shop", "ingress-nginx", "cert-manager"]
PEOPLE = ["alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]
AGENTS = {
    "kcm": "kube-controller-manager/v1.34.1 (linux/amd64) kubernetes/0f5bd2a/leader-election",
    "sched": "kube-scheduler/v1.34.1 (linux/amd64) kubernetes/0f5bd2a/leader-election",
    "kubelet": "kubelet/v1.34.1 (linux/amd64) kubernetes/0f5bd2a",
    "kubectl": "kubectl/v1.34.1 (linux/amd64) kubernetes/0f5bd2a",
    "coredns": "coredns/v1.12.3 (linux/amd64) kubernetes/0f5bd2a",
    "prom": "Prometheus/3.5.0",
}
IMAGES = ["nginx:1.29", "ghcr.io/shop/api:2.4.1", "redis:8.2", "quay.io/prometheus/node-exporter:v1.9.1", "busybox:1.37"]


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.clock = datetime.datetime(2026, 11, 30, 8, 0, 0, tzinfo=datetime.timezone.utc)
        self.pod_serial = 0

    def uid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def times(self):
        self.clock += datetime.timedelta(microseconds=self.rng.randint(50, 4000))
        received = self.clock
        done = received + datetime.timedelta(microseconds=self.rng.randint(300, 90000))
        return received.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), done.strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def event(self, user, groups, verb, uri, obj_ref, code, agent, level="Metadata", stage="ResponseComplete",
              ip=None, request=None, response=None, reason=None):
        received, done = self.times()
        event = {
            "kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": level, "auditID": self.uid(), "stage": stage,
            "requestURI": uri, "verb": verb,
            "user": {"username": user, "groups": groups},
            "sourceIPs": [ip or f"10.5.0.{self.rng.randint(2, 40)}"], "userAgent": agent,
        }
        if obj_ref is not None:
            event["objectRef"] = obj_ref
        status = {"metadata": {}, "code": code}
        if code >= 400:
            status.update(status="Failure", reason="Forbidden" if code == 403 else "NotFound",
                          message=f"{obj_ref['resource'] if obj_ref else 'path'} is forbidden: User \"{user}\" cannot {verb} resource")
        event["responseStatus"] = status
        if request is not None:
            event["requestObject"] = request
        if response is not None:
            event["responseObject"] = response
        event["requestReceivedTimestamp"] = received
        event["stageTimestamp"] = done
        decision = "forbid" if code == 403 else "allow"
        event["annotations"] = {
            "authorization.k8s.io/decision": decision,
            "authorization.k8s.io/reason": reason if reason is not None else (
                "" if decision == "forbid" else f'RBAC: allowed by ClusterRoleBinding "system:{user.split(":")[-1]}" of ClusterRole "system:{user.split(":")[-1]}" to User "{user}"'),
        }
        return event

    def ref(self, resource, namespace=None, name=None, group=None, version="v1", subresource=None):
        ref = {"resource": resource}
        if namespace:
            ref["namespace"] = namespace
        if name:
            ref["name"] = name
        if group:
            ref["apiGroup"] = group
        ref["apiVersion"] = version
        if subresource:
            ref["subresource"] = subresource
        return ref

    def path(self, resource, namespace=None, name=None, group=None, version="v1", subresource=None):
        base = f"/apis/{group}/{version}" if group else "/api/v1"
        if namespace:
            base += f"/namespaces/{namespace}"
        base += f"/{resource}"
        if name:
            base += f"/{name}"
        if subresource:
            base += f"/{subresource}"
        return base

    def system_read(self):
        rng = self.rng
        who = rng.random()
        if who < 0.45:
            node = rng.choice(NODES)
            user, groups, agent = f"system:node:{node}", ["system:nodes", "system:authenticated"], AGENTS["kubelet"]
        elif who < 0.7:
            user, groups, agent = "system:kube-controller-manager", ["system:authenticated"], AGENTS["kcm"]
        elif who < 0.85:
            user, groups, agent = "system:kube-scheduler", ["system:authenticated"], AGENTS["sched"]
        else:
            user = "system:serviceaccount:kube-system:coredns"
            groups, agent = ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"], AGENTS["coredns"]
        resource, group = rng.choice([("pods", None), ("events", None), ("endpoints", None), ("configmaps", None),
                                      ("leases", "coordination.k8s.io"), ("endpointslices", "discovery.k8s.io"), ("nodes", None)])
        namespace = None if resource == "nodes" else rng.choice(NAMESPACES)
        verb = rng.choice(["get", "get", "list", "watch", "update", "patch"] if resource == "leases" else ["get", "list", "watch", "watch"])
        if resource == "leases":
            verb = rng.choice(["get", "update", "update"])
            namespace = "kube-node-lease" if user.startswith("system:node:") else "kube-system"
        name = None if verb in ("list", "watch") else f"{resource[:-1]}-{rng.randint(1, 500)}"
        ref = self.ref(resource, namespace, name, group)
        uri = self.path(resource, namespace, name, group)
        if verb == "watch":
            uri += f"?allowWatchBookmarks=true&resourceVersion={rng.randint(10**6, 10**7)}&timeout=7m{rng.randint(0, 59)}s&timeoutSeconds={rng.randint(300, 600)}&watch=true"
        elif verb == "list":
            uri += f"?limit=500&resourceVersion=0"
        elif verb == "update" and resource == "leases":
            uri += "?timeout=10s"
        return self.event(user, groups, verb, uri, ref, 200, agent)

    def pod_spec(self):
        rng = self.rng
        self.pod_serial += 1
        containers = []
        for index in range(rng.choice([1, 1, 1, 2, 3])):
            container = {
                "name": f"c{index}", "image": rng.choice(IMAGES),
                "ports": [{"containerPort": 8080 + index, "protocol": "TCP"}],
                "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
                "env": [{"name": f"VAR_{i}", "value": f"value-{rng.randint(0, 10**6)}"} for i in range(rng.randint(0, 8))],
                "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": True}],
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent",
            }
            roll = rng.random()
            if roll < 0.03:
                container["securityContext"] = {"privileged": True}
            elif roll < 0.7:
                container["securityContext"] = {"allowPrivilegeEscalation": False, "runAsNonRoot": True,
                                                 "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}}
            containers.append(container)
        volumes = [{"name": "kube-api-access", "projected": {"sources": [{"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}]}}]
        if rng.random() < 0.02:
            volumes.append({"name": "host", "hostPath": {"path": rng.choice(["/etc", "/var/lib/kubelet", "/proc", "/data"]), "type": ""}})
        spec = {"containers": containers, "volumes": volumes, "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
                "serviceAccountName": "default", "schedulerName": "default-scheduler", "enableServiceLinks": True}
        if rng.random() < 0.02:
            spec["hostNetwork"] = True
        return spec

    def pod_create(self):
        rng = self.rng
        namespace = rng.choice(NAMESPACES)
        owner = f"app-{rng.randint(1, 60)}-{rng.getrandbits(32):08x}"
        spec = self.pod_spec()
        metadata = {"generateName": owner + "-", "namespace": namespace, "labels": {"app": owner[:-9], "pod-template-hash": owner[-8:]},
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": owner, "uid": self.uid(), "controller": True, "blockOwnerDeletion": True}]}
        request = {"kind": "Pod", "apiVersion": "v1", "metadata": metadata, "spec": spec, "status": {}}
        name = owner + "-" + "".join(rng.choice("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
        response = {"kind": "Pod", "apiVersion": "v1", "metadata": dict(metadata, name=name, uid=self.uid(), resourceVersion=str(rng.randint(10**6, 10**7)),
                    creationTimestamp=self.clock.strftime("%Y-%m-%dT%H:%M:%SZ")), "spec": spec, "status": {"phase": "Pending", "qosClass": "Burstable"}}
        user = "system:serviceaccount:kube-system:replicaset-controller"
        groups = ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"]
        return self.event(user, groups, "create", self.path("pods", namespace), self.ref("pods", namespace), 201, AGENTS["kcm"],
                          level="RequestResponse", request=request, response=response)

    def secret_read(self):
        rng = self.rng
        namespace = rng.choice(NAMESPACES)
        name = rng.choice(["db-credentials", "tls-cert", "api-token", "registry-pull", "s3-keys"])
        user = rng.choice(PEOPLE)
        code = 403 if rng.random() < 0.3 else 200
        return self.event(user, ["oidc:developers", "system:authenticated"], "get", self.path("secrets", namespace, name),
                          self.ref("secrets", namespace, name), code, AGENTS["kubectl"], ip=f"192.168.1.{rng.randint(10, 60)}")

    def exec_attach(self):
        rng = self.rng
        namespace = rng.choice(NAMESPACES)
        pod = f"app-{rng.randint(1, 60)}-{rng.getrandbits(32):08x}-x7k2p"
        sub = rng.choice(["exec", "exec", "attach"])
        uri = self.path("pods", namespace, pod, subresource=sub)
        uri += "?command=sh&command=-c&command=id&container=c0&stdin=true&stdout=true&tty=true" if sub == "exec" else "?container=c0&stdin=true&stdout=true&tty=true"
        return self.event(rng.choice(PEOPLE), ["oidc:admins", "system:authenticated"], "create", uri, self.ref("pods", namespace, pod, subresource=sub),
                          101, AGENTS["kubectl"], level="Request", stage="ResponseStarted", ip=f"192.168.1.{rng.randint(10, 60)}")

    def rbac_change(self):
        rng = self.rng
        user = rng.choice(PEOPLE)
        groups = ["oidc:admins", "system:authenticated"]
        kind = rng.random()
        if kind < 0.4:
            name = f"{rng.choice(['ops', 'debug', 'ci'])}-admin-{rng.randint(1, 99)}"
            request = {"kind": "ClusterRoleBinding", "apiVersion": "rbac.authorization.k8s.io/v1", "metadata": {"name": name},
                       "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": rng.choice(["cluster-admin", "view", "edit"])},
                       "subjects": [{"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": rng.choice(PEOPLE)}]}
            resource, namespace = "clusterrolebindings", None
        else:
            name = f"{rng.choice(['reader', 'deployer', 'debugger'])}-{rng.randint(1, 99)}"
            rules = [{"apiGroups": [""], "resources": rng.choice([["pods"], ["pods", "pods/exec"], ["*"], ["secrets"]]),
                      "verbs": rng.choice([["get", "list"], ["*"], ["create", "delete"]])}]
            request = {"kind": "Role", "apiVersion": "rbac.authorization.k8s.io/v1", "metadata": {"name": name, "namespace": "shop"}, "rules": rules}
            resource, namespace = "roles", "shop"
        return self.event(user, groups, "create", self.path(resource, namespace, group="rbac.authorization.k8s.io"),
                          self.ref(resource, namespace, name, group="rbac.authorization.k8s.io"), 201, AGENTS["kubectl"], level="Request",
                          request=request, ip=f"192.168.1.{rng.randint(10, 60)}")

    def anonymous(self):
        rng = self.rng
        path = rng.choice(["/healthz", "/livez", "/readyz", "/version", "/api", "/apis", "/api/v1/namespaces/default/pods"])
        allowed = path in ("/healthz", "/livez", "/readyz", "/version")
        ref = self.ref("pods", "default") if path.endswith("pods") else None
        event = self.event("system:anonymous", ["system:unauthenticated"], "get" if ref is None else "list", path, ref,
                           200 if allowed else 403, "curl/8.14.1", ip=f"203.0.113.{rng.randint(1, 254)}",
                           reason='RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated"' if allowed else "")
        return event

    def forbidden(self):
        rng = self.rng
        user = f"system:serviceaccount:{rng.choice(NAMESPACES)}:default"
        resource = rng.choice(["pods", "secrets", "configmaps", "nodes"])
        namespace = None if resource == "nodes" else rng.choice(NAMESPACES)
        return self.event(user, ["system:serviceaccounts", "system:authenticated"], "list", self.path(resource, namespace),
                          self.ref(resource, namespace), 403, AGENTS["prom"])

    def next(self):
        roll = self.rng.random()
        if roll < 0.88:
            return self.system_read()
        if roll < 0.93:
            return self.pod_create()
        if roll < 0.95:
            return self.secret_read()
        if roll < 0.96:
            return self.exec_attach()
        if roll < 0.965:
            return self.rbac_change()
        if roll < 0.98:
            return self.anonymous()
        return self.forbidden()


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(text[:-1]) * units[text[-1].upper()] if text[-1].upper() in units else int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", help="approximate size: bytes, or with K, M or G (1G = 2^30 bytes)")
    parser.add_argument("output", help="file to write, - for standard output")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    target = parse_size(args.size)
    generator = Generator(args.seed)
    out = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")
    written = 0
    encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
    chunk = []
    while written < target:
        line = (encoder.encode(generator.next()) + "\n").encode()
        written += len(line)
        chunk.append(line)
        if len(chunk) == 4096:
            out.write(b"".join(chunk))
            chunk.clear()
    out.write(b"".join(chunk))
    if out is not sys.stdout.buffer:
        out.close()


if __name__ == "__main__":
    main()
