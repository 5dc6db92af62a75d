package main

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"epaper/assets/photo"
)

func cacheCommand() *cli.Command {
	return &cli.Command{
		Name:  "cache",
		Usage: "look after the photo and layout cache",
		Description: "build, check, proof and watch keep processed photos in a cache folder (--cache, by default\n" +
			"epaper in the user's cache folder). Entries are named by a hash of the source photo and every\n" +
			"processing choice, so they are never stale, only unused: prune removes those not used lately,\n" +
			"and the notes of manifests not built lately (each manifest's last layout decisions).",
		Subcommands: []*cli.Command{{
			Name:      "prune",
			Usage:     "remove cache entries and notes not used for a while",
			ArgsUsage: " ",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "cache", Value: defaultCacheDir(), Usage: "photo cache `DIR`"},
				&cli.DurationFlag{Name: "older-than", Value: 30 * 24 * time.Hour, Usage: "remove entries not used for this long (e.g. 720h, 90m)"},
			},
			Action: func(c *cli.Context) error {
				if c.NArg() > 0 {
					return usagef("cache prune takes no arguments, got %q", c.Args().First())
				}
				dir := c.String("cache")
				if dir == "" {
					return usagef("cache prune: no cache folder (pass --cache DIR)")
				}
				age := c.Duration("older-than")
				if age < 0 {
					return usagef("--older-than %v: want a positive duration", age)
				}
				n, err := (&photo.Cache{Dir: dir}).Prune(age)
				if err != nil {
					return cli.Exit(fmt.Sprintf("epaper: pruning %s: %v", dir, err), exitInput)
				}
				fmt.Fprintf(c.App.Writer, "removed %d entries unused for %v from %s\n", n, age, dir)
				return nil
			},
		}},
	}
}
