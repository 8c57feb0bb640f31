module github.com/goconcurrency/notebooks

go 1.26

require github.com/traefik/yaegi v0.16.1

tool github.com/traefik/yaegi/cmd/yaegi
