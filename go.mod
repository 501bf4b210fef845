module appencorrect

go 1.26.8
