module github.com/svcsim/svcsim/cmd/svcsim

go 1.26

replace (
	github.com/svcsim/svcsim => ../../
	github.com/svcsim/svcsim/kube => ../../kube
)

require (
	github.com/chromedp/chromedp v0.23.0
	github.com/stretchr/testify v1.12.1
	github.com/svcsim/svcsim v0.0.0-00010101000000-000000000000
)

require (
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/google/uuid v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
