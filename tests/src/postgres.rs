//! A fresh PostgreSQL database on the local server for one test or benchmark run.

/// The PostgreSQL server to use: `PANTAU_TEST_POSTGRES`, else the local one.
pub fn admin_url() -> String {
    std::env::var("PANTAU_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database made for one run; [`ScratchDatabase::drop_it`] removes it.
pub struct ScratchDatabase {
    admin_url: String,
    name: String,
}

impl ScratchDatabase {
    pub async fn create(prefix: &str) -> anyhow::Result<ScratchDatabase> {
        sqlx::any::install_default_drivers();
        let admin_url = admin_url();
        let name = format!("{prefix}_{}", uuid::Uuid::new_v4().simple());
        let admin = sqlx::AnyPool::connect(&admin_url).await.map_err(|e| {
            anyhow::anyhow!("PostgreSQL must run at {admin_url} (the test script starts it): {e}")
        })?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&admin)
            .await?;
        admin.close().await;
        Ok(ScratchDatabase { admin_url, name })
    }

    pub fn url(&self) -> String {
        let base = self.admin_url.rsplit_once('/').map_or("", |(base, _)| base);
        format!("{base}/{}", self.name)
    }

    pub async fn drop_it(self) {
        if let Ok(admin) = sqlx::AnyPool::connect(&self.admin_url).await {
            let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
        }
    }
}
