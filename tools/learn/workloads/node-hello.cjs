// strace-learn workload: the smallest Node program (startup cost only).
console.log("hello from node");
