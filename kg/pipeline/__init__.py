"""The build: per-file work (`work`), run here or in processes (`build`) or on a Dask cluster
(`cluster`), merged into the store by union."""
