"""The records: one module per aggregate (actors, enforcement cases, catalogues, children's
files, reports and petitions, evidence, access records, the deployment), their rules and the
rest of the error tree. They build on the verifiable format (``domain.proof``), never the
other way round."""
