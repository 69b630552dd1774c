module github.com/svcsim/svcsim/kube

go 1.26

replace github.com/svcsim/svcsim => ../
