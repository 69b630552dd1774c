module github.com/svcsim/svcsim/cmd/svcsim

go 1.26

replace (
	github.com/svcsim/svcsim => ../../
	github.com/svcsim/svcsim/kube => ../../kube
)
