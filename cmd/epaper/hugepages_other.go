//go:build !linux

package main

// adviseHugePages does nothing here: transparent huge pages are a Linux feature.
func adviseHugePages() {}
