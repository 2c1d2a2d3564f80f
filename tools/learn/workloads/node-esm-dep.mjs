// strace-learn workload helper: a sibling ES module.
export const value = 42;
