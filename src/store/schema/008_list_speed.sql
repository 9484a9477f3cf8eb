-- 008_list_speed.sql — what keeps the project list fast at national scale (docs/ARCHITECTURE.md,
-- "Speed"; bench/RESULTS.md measures it).
-- project_counts: how many projects each pairing has in each stage, kept by triggers in the
-- transaction that changes a project, so a list's total for its commonest filters (none, a
-- pairing, a stage, both) is a sum over a few hundred rows instead of a count over every project.
-- Derived: filled here from the projects, never written by duikou's code, not copied by
-- `duikou copy` (the target's triggers rebuild it).
-- Two indexes serve the biggest-first sorts of the ledger within a stage and within a pairing.

CREATE TABLE project_counts (
  pairing_id BIGINT NOT NULL,
  stage      TEXT NOT NULL,
  n          BIGINT NOT NULL,
  PRIMARY KEY (pairing_id, stage)
);
INSERT INTO project_counts (pairing_id, stage, n)
  SELECT pairing_id, stage, COUNT(*) FROM projects GROUP BY pairing_id, stage;

CREATE INDEX projects_stage_planned ON projects(stage, planned_investment);
CREATE INDEX projects_pairing_planned ON projects(pairing_id, planned_investment);

-- dialect: sqlite
CREATE TRIGGER project_counts_ai AFTER INSERT ON projects BEGIN
  INSERT INTO project_counts (pairing_id, stage, n) VALUES (new.pairing_id, new.stage, 1)
    ON CONFLICT (pairing_id, stage) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER project_counts_ad AFTER DELETE ON projects BEGIN
  UPDATE project_counts SET n = n - 1 WHERE pairing_id = old.pairing_id AND stage = old.stage;
END;
CREATE TRIGGER project_counts_au AFTER UPDATE OF pairing_id, stage ON projects
  WHEN old.pairing_id <> new.pairing_id OR old.stage <> new.stage BEGIN
  UPDATE project_counts SET n = n - 1 WHERE pairing_id = old.pairing_id AND stage = old.stage;
  INSERT INTO project_counts (pairing_id, stage, n) VALUES (new.pairing_id, new.stage, 1)
    ON CONFLICT (pairing_id, stage) DO UPDATE SET n = n + 1;
END;

-- dialect: postgres
CREATE FUNCTION project_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE project_counts SET n = n - 1 WHERE pairing_id = OLD.pairing_id AND stage = OLD.stage;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO project_counts (pairing_id, stage, n) VALUES (NEW.pairing_id, NEW.stage, 1)
      ON CONFLICT (pairing_id, stage) DO UPDATE SET n = project_counts.n + 1;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER project_counts_ins AFTER INSERT OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION project_counts_keep();
CREATE TRIGGER project_counts_upd AFTER UPDATE OF pairing_id, stage ON projects
  FOR EACH ROW WHEN (OLD.pairing_id IS DISTINCT FROM NEW.pairing_id OR OLD.stage IS DISTINCT FROM NEW.stage)
  EXECUTE FUNCTION project_counts_keep();
