package workload

// BurstReplicas is the most pods a ReplicaSet creates or deletes in one sync
// (pkg/controller/replicaset BurstReplicas = 500).
const BurstReplicas = 500
