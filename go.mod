module github.com/scimdrift/scimdrift

go 1.26.8

require (
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/google/go-cmp v0.7.0
	github.com/valyala/fastjson v1.6.10
)
